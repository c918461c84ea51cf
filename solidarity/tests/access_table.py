"""The statuses of the access matrix, shared by the core's table and each capability's tests/access.py.

Each tuple is what anonymous, outsider, member and organizer get.
"""

PERSONAS = ("anonymous", "outsider", "member", "organizer")
ALL_200 = (200, 200, 200, 200)
LOGIN_NEEDED = (302, 200, 200, 200)
ORGANIZERS_ONLY = (302, 404, 403, 200)
ADMINS_ONLY = (302, 404, 403, 403)
POST_ONLY = (405, 405, 405, 405)
MEMBERS_ONLY = (302, 404, 200, 200)
