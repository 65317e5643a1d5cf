using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using LedgerReconcile.Application.Webhooks;
using LedgerReconcile.Domain.Webhooks;

namespace LedgerReconcile.Integrations.Webhooks;

/// <summary>What one delivery attempt came to.</summary>
public sealed record SendResult(bool Delivered, int? StatusCode, string? Error, long DurationMs);

/// <summary>The JSON body receivers get.</summary>
public sealed record WebhookPayload(string Id, string Kind, string Tenant, DateTimeOffset OccurredAt, IReadOnlyDictionary<string, string> Data);

/// <summary>
/// Posts one signed alert to one webhook. Connections go only to the addresses the guard allows, checked on the address
/// actually connected to, so a host name that resolved to a public address at registration and to a private one now
/// (DNS rebinding) is still refused. Redirects are not followed and no proxy is used, for the same reason.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    private static readonly HttpRequestOptionsKey<bool> AllowPrivate = new("LedgerReconcile.AllowPrivate");
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _client;
    private readonly IWebhookSecrets _secrets;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _attemptTimeout;

    public WebhookSender(IWebhookSecrets secrets, TimeProvider clock, WebhookOptions options)
    {
        _secrets = secrets;
        _clock = clock;
        _attemptTimeout = options.AttemptTimeout;
        _client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = ConnectAsync,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd("LedgerReconcile-Webhooks/1");
    }

    public static byte[] Body(string tenant, AlertEvent.AlertRaised alert) =>
        JsonSerializer.SerializeToUtf8Bytes(new WebhookPayload(alert.AlertId, alert.Kind, tenant, alert.OccurredAt, alert.Data), Json);

    public async Task<SendResult> SendAsync(DueDelivery delivery, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            var secret = await _secrets.RevealAsync(delivery.Tenant, delivery.Webhook.WebhookId, cancellationToken);
            if (secret is null)
            {
                return new SendResult(false, null, "The webhook has no signing secret; rotate it.", watch.ElapsedMilliseconds);
            }

            var body = Body(delivery.Tenant, delivery.Alert);
            var timestamp = _clock.GetUtcNow().ToUnixTimeSeconds();
            using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Webhook.Url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            request.Headers.Add(WebhookSignature.IdHeader, delivery.Alert.AlertId);
            request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, timestamp, body));
            request.Headers.Add(WebhookSignature.AttemptHeader, (delivery.Progress.Attempts + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Options.Set(AllowPrivate, delivery.Webhook.AllowPrivate);

            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(_attemptTimeout);
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? new SendResult(true, status, null, watch.ElapsedMilliseconds)
                : new SendResult(false, status, $"The receiver answered {status} {response.ReasonPhrase}.", watch.ElapsedMilliseconds);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SendResult(false, null, $"No answer within {_attemptTimeout.TotalSeconds:0} s.", watch.ElapsedMilliseconds);
        }
        catch (HttpRequestException error)
        {
            var message = error.InnerException is AddressRefusedException refused ? refused.Message : error.Message;
            return new SendResult(false, null, message.Length > 500 ? message[..500] : message, watch.ElapsedMilliseconds);
        }
    }

    public void Dispose() => _client.Dispose();

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowPrivate = context.InitialRequestMessage.Options.TryGetValue(AllowPrivate, out var allowed) && allowed;
        if (addresses.Length == 0 || (!allowPrivate && addresses.Any(a => !WebhookAddress.IsPublic(a))))
        {
            throw new AddressRefusedException(WebhookAddress.PrivateProblem(host));
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private sealed class AddressRefusedException(string message) : IOException(message);
}

public sealed class WebhookOptions
{
    /// <summary>How long one attempt waits for the receiver's answer.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the worker looks for due deliveries and a due digest.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
}
