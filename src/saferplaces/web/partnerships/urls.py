from django.urls import path

from saferplaces.web.core.views import audit_log
from saferplaces.web.county import views as county_views
from saferplaces.web.partnerships import views

app_name = "partnerships"
urlpatterns = [
    path("", views.detail, name="detail"),
    path("settings/", views.partnership_edit, name="edit"),
    path("people/", views.members, name="members"),
    path("people/add/", views.member_edit, name="member_add"),
    path("people/<int:pk>/", views.member_edit, name="member_edit"),
    path("people/<int:pk>/archive/", views.member_archive, name="member_archive"),
    path("organisations/add/", views.organisation_edit, name="organisation_add"),
    path("organisations/<int:pk>/", views.organisation_edit, name="organisation_edit"),
    path("audit/", audit_log, name="audit"),
    path("county-sharing/", county_views.sharing, name="county_sharing"),
]
