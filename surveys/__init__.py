"""Survey definition files and the schema that validates them."""
from surveys.schema import (  # noqa: F401
    AfterConcern,
    Option,
    Question,
    SurveyDefinition,
    SurveyFileError,
    builtin_survey_files,
    load_survey_file,
    parse_survey,
)
