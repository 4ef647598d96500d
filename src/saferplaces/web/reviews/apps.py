from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "saferplaces.web.reviews"
    label = "reviews"
    verbose_name = "Statutory reviews"
