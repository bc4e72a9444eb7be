"""The male-carers part of the app: the roles-and-men view, a man's record, dialogs.

Widgets here are generated from the definitions in forms/ and write only through
app.session.CaseSession.perform (one action, one transaction, one undo entry).
"""
