from django.urls import path

from units import account

app_name = "account"
urlpatterns = [
    path("tokens/", account.tokens, name="tokens"),
    path("password/", account.PasswordChangeView.as_view(), name="password_change"),
]
