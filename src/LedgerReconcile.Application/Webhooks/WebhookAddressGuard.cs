using System.Net;
using FluentValidation.Results;

namespace LedgerReconcile.Application.Webhooks;

/// <summary>
/// Refuses a webhook URL whose host is, or resolves to, a non-public address unless private addresses were allowed.
/// Resolution can change after registration (DNS rebinding), so delivery checks the address it actually connects to as well.
/// </summary>
public class WebhookAddressGuard
{
    /// <summary>Throws a validation problem on <c>url</c> when the URL may not be called.</summary>
    public async Task EnsureAllowedAsync(string url, bool allowPrivate, CancellationToken cancellationToken)
    {
        if (WebhookAddress.ShapeProblem(url) is { } shape)
        {
            throw Refusal(shape);
        }

        if (allowPrivate)
        {
            return;
        }

        var uri = new Uri(url);
        if (WebhookAddress.HostProblem(uri) is { } host)
        {
            throw Refusal(host);
        }

        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAsync(uri.IdnHost, cancellationToken);
        }
        catch (System.Net.Sockets.SocketException)
        {
            throw Refusal($"The host '{uri.IdnHost}' does not resolve.");
        }

        if (addresses.Length == 0 || addresses.Any(a => !WebhookAddress.IsPublic(a)))
        {
            throw Refusal(WebhookAddress.PrivateProblem(uri.IdnHost));
        }
    }

    protected virtual Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? Task.FromResult(new[] { literal }) : Dns.GetHostAddressesAsync(host, cancellationToken);

    private static ValidationException Refusal(string message) => new([new ValidationFailure("url", message)]);
}
