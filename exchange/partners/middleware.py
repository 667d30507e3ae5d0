"""Every request made with a partner key leaves a PartnerRequest row (including refusals: 401, 403, 429)."""

from exchange.partners.keys import log_request


class PartnerRequestLog:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "partner_key", None)
        if key is not None:
            log_request(
                key=key,
                method=request.method,
                path=request.get_full_path(),
                status=response.status_code,
                remote_addr=request.META.get("REMOTE_ADDR", ""),
            )
        return response
