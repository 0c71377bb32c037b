from django.urls import path

from units import account, two_factor_views

app_name = "account"
urlpatterns = [
    path("tokens/", account.tokens, name="tokens"),
    path("password/", account.PasswordChangeView.as_view(), name="password_change"),
    path("two-factor/", two_factor_views.two_factor, name="two_factor"),
    path("two-factor/remove/", two_factor_views.two_factor_remove_view, name="two_factor_remove"),
]
