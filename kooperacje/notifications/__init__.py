"""In-app notifications: a centre per user with the unread count in the header."""
