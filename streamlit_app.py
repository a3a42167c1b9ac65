"""Entry point for `streamlit run streamlit_app.py`; the router is voice_app/app.py."""
from voice_app.app import main

main()
