"""Staff sign-in; on a fresh install, the form to create the first admin (no default password)."""
import streamlit as st

from voice_app.services import accounts, first_admin
from voice_app.ui import client_address, plain, sign_in

st.title("voice_app: staff sign in")
st.caption("Young people answering a survey do not need to sign in: use the kiosk link for your site.")

if not accounts.has_users():
    if not first_admin.setup_code_pending():
        first_admin.issue_setup_code()  # printed in the server's log
    st.info("No staff account exists yet. Create the first administrator with the setup code that "
            "the server printed in its log when it started (it works once; restarting the server "
            "prints a new one). Operators can also use the create-user command.")
    with st.form("first_admin"):
        code = st.text_input("Setup code from the server's log")
        username = st.text_input("Username")
        password = st.text_input(f"Password (at least {accounts.MIN_PASSWORD} characters)", type="password")
        if st.form_submit_button("Create administrator", type="primary"):
            try:
                sign_in(first_admin.create_first_admin(username, password, code))
                st.rerun()
            except accounts.AccountError as err:
                st.error(plain(str(err)[:1].upper() + str(err)[1:]))
    st.stop()

def sso_configured() -> bool:
    try:
        return bool(st.secrets.get("auth"))
    except Exception:  # noqa: BLE001  (no secrets file at all)
        return False


if sso_configured():
    # Organisations with an identity provider (OIDC): configure [auth] in .streamlit/secrets.toml.
    if st.user.is_logged_in:
        signed = accounts.sso_sign_in(st.user.to_dict(), client_address())
        if signed.user is None:
            st.error(signed.refusal)
            st.button("Sign out of your organisation", on_click=st.logout)
        else:
            sign_in(signed.user)
            st.rerun()
    else:
        st.button("Sign in with your organisation account", type="primary", on_click=st.login)
    st.divider()

with st.form("sign_in"):
    username = st.text_input("Username")
    password = st.text_input("Password", type="password")
    if st.form_submit_button("Sign in", type="primary"):
        result = accounts.attempt_sign_in(username, password, client_address())
        if result.wait_seconds:
            seconds = f"{result.wait_seconds} second" + ("s" if result.wait_seconds != 1 else "")
            st.error(f"Too many tries just now. Wait {seconds}, then try again.")
        elif result.user is None:
            st.error("That username and password did not match.")
        else:
            sign_in(result.user)
            st.rerun()
