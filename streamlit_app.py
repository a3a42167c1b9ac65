"""Entry point for `streamlit run streamlit_app.py`; the router is voice_app/app.py.

Imported as a module (by `streamlit run`, which finds `app`, or by an ASGI server as
`streamlit_app:app`), this file is the server: Streamlit plus the app's own endpoints for the
staff session cookie (voice_app/web.py). Run as Streamlit's page script, it is the router.
"""
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

if get_script_run_ctx(suppress_warning=True) is None:
    from voice_app.web import routes

    app = st.App(__file__, routes=routes())
else:
    from voice_app.app import main

    main()
