import streamlit as st

from voice_app.ui import sign_out

sign_out()
st.rerun()
