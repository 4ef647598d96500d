# The demo logins' published password: here, not in ``web.demo``, so the models that check
# it need not import the demo seeding module (which imports the models).
DEMO_PASSWORD = "saferplaces-demo"
