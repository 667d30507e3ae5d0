"""OpenAPI descriptions of our own authentication classes (drf-spectacular extensions)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class PartnerApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "exchange.partners.auth.ApiKeyAuthentication"
    name = "PartnerApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Partner society key: `Api-Key <token>`",
        }
