"""Staff accounts, for admins: add, change role and organisations, deactivate, reset a password."""
import streamlit as st

from voice_app.services import accounts, organisations_admin, users_admin
from voice_app.services.access import ROLE_NAMES, Can, Role
from voice_app.ui import plain, require_user

user = require_user(Can.ADMINISTER)
st.title("👥 Staff users")

handover = st.session_state.pop("users_handover", None)
if handover:
    # Shown on this run only: the password is not stored in the clear anywhere.
    st.success(f"Password for **{plain(handover[0])}**: give it to them privately; it will not be shown again.")
    st.code(handover[1], language=None)

orgs = {o.slug: o.name for o in organisations_admin.list_organisations(user)}
people = users_admin.list_users(user)
st.dataframe([{"username": p.username, "role": p.role, "active": p.active, "locked": p.locked,
               "organisations": ", ".join(p.organisations), "email for alerts": p.email,
               "created": p.created_at} for p in people],
             hide_index=True, width="stretch")


def handed_over(username: str, password: str) -> None:
    st.session_state["users_handover"] = (username, password)
    st.rerun()


with st.form("users_add", clear_on_submit=True):
    st.subheader("Add a staff user")
    username = st.text_input("Username", max_chars=accounts.MAX_USERNAME)
    # No default: the admin chooses, so nobody becomes an admin by not looking.
    role = st.selectbox("Role", list(Role), index=None, placeholder="Choose a role",
                        format_func=lambda r: ROLE_NAMES[r])
    picked = st.multiselect("Organisations", list(orgs), format_func=orgs.get,
                            help="Workers, safeguarding leads and board members see only these.")
    if st.form_submit_button("Add user", type="primary"):
        try:
            new, password = users_admin.add_user(user, username, role, picked)
        except accounts.AccountError as err:
            st.error(plain(err))
        else:
            handed_over(new.username, password)

if not people:
    st.stop()
st.subheader("Change a user")
chosen = st.selectbox("User", [p.username for p in people], key="users_chosen")
person = next(p for p in people if p.username == chosen)
try:
    left, middle = st.columns(2)
    new_role = left.selectbox("Role", list(Role), index=list(Role).index(person.role),
                              format_func=lambda r: ROLE_NAMES[r],
                              key=f"users_role_{chosen}")
    if left.button("Save role", key="users_save_role"):
        users_admin.set_role(user, chosen, new_role)
        st.rerun()
    new_orgs = middle.multiselect("Organisations", list(orgs), default=list(person.organisations),
                                  format_func=orgs.get, key=f"users_orgs_{chosen}")
    if middle.button("Save organisations", key="users_save_orgs"):
        users_admin.set_organisations(user, chosen, new_orgs)
        st.rerun()
    new_email = st.text_input("Email for safeguarding alerts (leads: a new concern is emailed here)",
                              value=person.email, max_chars=254, key=f"users_email_{chosen}")
    if st.button("Save email", key="users_save_email"):
        users_admin.set_email(user, chosen, new_email)
        st.rerun()
    one, two = st.columns(2)
    if one.button("Reset password", key="users_reset"):
        handed_over(chosen, users_admin.reset_password(user, chosen))
    label = "Deactivate" if person.active else "Reactivate"
    if two.button(label, key="users_active"):
        users_admin.set_active(user, chosen, not person.active)
        st.rerun()
except accounts.AccountError as err:
    st.error(plain(err))
