"""URLs: sign-in, the home page, then each partnership's pages under /p/<slug>/."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from saferplaces.web.core import views as core_views
from saferplaces.web.partnerships import views as partnership_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("accessibility/", core_views.accessibility, name="accessibility"),
    path(
        "accounts/login/",
        login_not_required(auth_views.LoginView.as_view(template_name="registration/login.html")),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("partnerships/new/", partnership_views.partnership_add, name="partnership_add"),
    path("audit/", core_views.instance_audit, name="instance_audit"),
    path("p/<slug:slug>/", include("saferplaces.web.partnerships.urls")),
    path("p/<slug:slug>/meetings/", include("saferplaces.web.meetings.urls")),
    path("p/<slug:slug>/plan/", include("saferplaces.web.actions.urls")),
    path("p/<slug:slug>/evidence/", include("saferplaces.web.evidence.urls")),
    path("p/<slug:slug>/planning/", include("saferplaces.web.planning.urls")),
    path("p/<slug:slug>/assessments/", include("saferplaces.web.evidence.published_urls")),
    path("p/<slug:slug>/finance/", include("saferplaces.web.finance.urls")),
    path("p/<slug:slug>/county/", include("saferplaces.web.county.urls")),
    path("p/<slug:slug>/reviews/", include("saferplaces.web.reviews.urls")),
    path("p/<slug:slug>/problems/", include("saferplaces.web.problems.urls")),
    path("p/<slug:slug>/sharing-agreements/", include("saferplaces.web.agreements.urls")),
    path("p/<slug:slug>/published-reviews/", include("saferplaces.web.reviews.public_urls")),
]

handler403 = "saferplaces.web.core.views.error_403"
handler404 = "saferplaces.web.core.views.error_404"
handler500 = "saferplaces.web.core.views.error_500"
