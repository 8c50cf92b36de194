import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password

from accounts.models import User

PASSWORD = "correct-horse-battery-staple"
# Hashing is slow on purpose; hash once for the whole test run.
_PASSWORD_HASH = make_password(PASSWORD)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Faker("name")
    password = _PASSWORD_HASH
    preferred_language = "en"

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """allauth demands a verified address before login; factories' people have one."""
        if create and extracted is not False:
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )
