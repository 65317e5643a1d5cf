using System.Net;

namespace LedgerReconcile.Datto;

public class DattoApiException(string route, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Route { get; } = route;
}

// 401 and 403 end the sync: every further call would fail the same way, and a partial pull would look like churn.
public sealed class DattoAuthenticationException(string route)
    : DattoApiException(route,
        $"Datto rejected the API key pair (401 Unauthorized on GET {route}): the public/secret key pair is wrong. " +
        "Check that the public key is used as the user name and the secret key as the password, and that the key " +
        "has not been deleted (Partner Portal > Admin > Integrations > API Keys).");

public sealed class DattoAuthorizationException(string route)
    : DattoApiException(route,
        $"Datto accepted the API key but refused access (403 Forbidden on GET {route}): the key is valid but out of scope. " +
        "It is probably restricted to one client or vendor, or lacks the BCDR or SaaS Protection scope. " +
        "Create an unrestricted partner-level key (Partner Portal > Admin > Integrations > API Keys).");

// The circuit breaker opened: Datto keeps failing, so the sync stops instead of marking every remaining device unknown.
public sealed class DattoUnavailableException(string route, Exception inner)
    : DattoApiException(route, $"Datto API is failing repeatedly; the sync was stopped at GET {route} to let it recover. Try again later.", inner);

// One request failed for good (after retries) or answered something unreadable. Sections other than the device
// list turn this into a warning.
public sealed class DattoRequestFailedException(string route, HttpStatusCode? statusCode, string problem, Exception? inner = null)
    : DattoApiException(route, $"GET {route} failed: {problem}", inner)
{
    public HttpStatusCode? StatusCode { get; } = statusCode;
    public string Problem { get; } = problem;
}
