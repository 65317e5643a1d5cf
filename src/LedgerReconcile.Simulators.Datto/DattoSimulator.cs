using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LedgerReconcile.Simulators.Datto;

// An in-process stand-in for api.datto.com/v1: Basic auth, paging, the documented shapes, switchable quirks and faults.
public sealed class DattoSimulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DattoSimulatorOptions _options;
    private readonly SimulatedPartner _partner;
    private readonly string _expectedAuthorization;

    private DattoSimulator(WebApplication app, DattoSimulatorOptions options, SimulatedPartner partner)
    {
        _app = app;
        _options = options;
        _partner = partner;
        _expectedAuthorization = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.PublicKey}:{options.SecretKey}"));
        foreach (var fault in options.Faults) Faults.Add(fault);
    }

    public Uri BaseAddress { get; private set; } = null!;
    public DattoSimulatorOptions Options => _options;
    public DattoFaultBook Faults { get; } = new();
    public SimulatedRequestLog Requests { get; } = new();

    public static async Task<DattoSimulator> StartAsync(DattoSimulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DattoSimulatorOptions();
        var partner = PartnerGenerator.Generate(options);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Parse(options.Host), options.Port));
        var app = builder.Build();
        var simulator = new DattoSimulator(app, options, partner);
        app.Run(simulator.HandleAsync);
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        simulator.BaseAddress = new Uri(address.TrimEnd('/') + "/v1/");
        return simulator;
    }

    // Reads the partner under the same lock the routes render under.
    public T Read<T>(Func<SimulatedPartner, T> read)
    {
        lock (_partner) return read(_partner);
    }

    public void Mutate(Action<SimulatedPartner> mutate)
    {
        lock (_partner) mutate(_partner);
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var receivedAt = DateTimeOffset.UtcNow;
        var path = RoutePattern.Normalise(context.Request.Path.Value ?? "/");
        var query = context.Request.QueryString.Value ?? "";
        var status = 0;
        try
        {
            status = await RespondAsync(context, path, query);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            status = 0;
        }
        finally
        {
            Requests.Record(new SimulatedRequest(path, query, receivedAt, status));
        }
    }

    private async Task<int> RespondAsync(HttpContext context, string path, string query)
    {
        if (!context.Request.Path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase))
            return await ErrorAsync(context, 404, "Not Found");
        // Like Datto: an unauthenticated probe gets 401 on a route that exists and 404 on one that does not.
        if (!IsAuthorised(context.Request))
            return await ErrorAsync(context, IsKnownRoute(path) ? 401 : 404, IsKnownRoute(path) ? "Unauthorized" : "Not Found");

        if (Faults.Next(path, query) is { } fault)
        {
            switch (fault.Kind)
            {
                case DattoFaultKind.DropConnection:
                    context.Abort();
                    return 0;
                case DattoFaultKind.Slow:
                    await Task.Delay(fault.Delay, context.RequestAborted);
                    break;
                case DattoFaultKind.Body:
                    context.Response.StatusCode = fault.StatusCode;
                    context.Response.ContentType = "application/json";
                    await context.Response.WriteAsync(fault.Body ?? "", context.RequestAborted);
                    return fault.StatusCode;
                default:
                    if (fault.RetryAfter is not null) context.Response.Headers.RetryAfter = fault.RetryAfter;
                    return await ErrorAsync(context, fault.StatusCode, ReasonPhrases(fault.StatusCode));
            }
        }

        var (status, body) = Render(path, context.Request.Query);
        if (body is null) return await ErrorAsync(context, status, ReasonPhrases(status));
        context.Response.StatusCode = status;
        if (body.Length > 0) context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
        return status;
    }

    private bool IsAuthorised(HttpRequest request) =>
        AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header)
        && string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
        && header.Parameter == _expectedAuthorization;

    private static async Task<int> ErrorAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(
            JsonSerializer.Serialize(new Dictionary<string, string> { ["code"] = status.ToString(CultureInfo.InvariantCulture), ["message"] = message }),
            context.RequestAborted);
        return status;
    }

    private static string ReasonPhrases(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase
        ? phrase
        : "Error";

    private (int Status, byte[]? Body) Render(string path, IQueryCollection query)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            var writer = new DattoWireWriter(json, _options);
            lock (_partner)
            {
                switch (segments)
                {
                    case ["bcdr", "device"]:
                        var visible = _partner.Devices
                            .Select((device, index) => (device, index))
                            .Where(d => Flag(query, "showHiddenDevices") || !d.device.Hidden)
                            .Where(d => Flag(query, "showChildResellerDevices") || !d.device.ChildReseller)
                            .ToArray();
                        WritePage(json, query, visible, d => writer.Device(d.device, d.index));
                        break;
                    case ["bcdr", "device", var serial]:
                        if (FindDevice(serial) is not { } single) return (404, null);
                        writer.Device(single, _partner.Devices.IndexOf(single));
                        break;
                    case ["bcdr", "device", var serial, "asset", .. var rest] when rest.Length <= 1:
                        if (FindDevice(serial) is not { } owner) return (404, null);
                        var assets = owner.Assets
                            .Where(a => rest.Length == 0 || string.Equals(a.Type, rest[0], StringComparison.OrdinalIgnoreCase))
                            .ToArray();
                        if (rest.Length == 1 && rest[0] is not ("agent" or "share"))
                            assets = owner.Assets.Where(a => a.Volume == rest[0]).ToArray();
                        WriteAssets(json, query, writer, AssetShapeOf(owner), assets);
                        break;
                    case ["bcdr", "agent"]:
                        if (!WriteEndpointAgents(json, writer)) return (200, []);
                        break;
                    case ["dtc", "assets"]:
                        WritePage(json, query, _partner.DtcAssets, writer.DtcAsset);
                        break;
                    case ["saas", "domains"]:
                        json.WriteStartArray();
                        foreach (var domain in _partner.SaasDomains) writer.SaasDomain(domain);
                        json.WriteEndArray();
                        break;
                    case ["saas", var customerId, "seats"]:
                        if (_partner.SaasDomains.FirstOrDefault(d => d.SaasCustomerId.ToString(CultureInfo.InvariantCulture) == customerId) is not { } owned)
                            return (404, null);
                        json.WriteStartArray();
                        foreach (var seat in owned.Seats) writer.Seat(seat);
                        json.WriteEndArray();
                        break;
                    default:
                        return (404, null);
                }
            }
        }
        return (200, buffer.WrittenSpan.ToArray());
    }

    private static bool IsKnownRoute(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries) switch
    {
        ["bcdr", "device"] or ["bcdr", "device", _] or ["bcdr", "device", _, "asset"] or ["bcdr", "device", _, "asset", _] => true,
        ["bcdr", "agent"] or ["dtc", "assets"] or ["saas", "domains"] or ["saas", _, "seats"] => true,
        _ => false,
    };

    private SimulatedDevice? FindDevice(string serial) =>
        _partner.Devices.FirstOrDefault(d => string.Equals(d.SerialNumber, serial, StringComparison.OrdinalIgnoreCase));

    private AssetResponseShape AssetShapeOf(SimulatedDevice device) =>
        device.AssetShape ?? (_options.AssetShape == AssetResponseShape.Mixed
            ? (AssetResponseShape)(_partner.Devices.IndexOf(device) % 3)
            : _options.AssetShape);

    private void WriteAssets(Utf8JsonWriter json, IQueryCollection query, DattoWireWriter writer, AssetResponseShape shape, SimulatedAsset[] assets)
    {
        switch (shape)
        {
            case AssetResponseShape.Envelope:
                WritePage(json, query, assets.Select((asset, index) => (asset, index)).ToArray(), a => writer.Asset(a.asset, a.index));
                break;
            case AssetResponseShape.IndexKeyed:
                json.WriteStartObject();
                for (var i = 0; i < assets.Length; i++)
                {
                    json.WritePropertyName(i.ToString(CultureInfo.InvariantCulture));
                    writer.Asset(assets[i], i);
                }
                json.WriteEndObject();
                break;
            default:
                json.WriteStartArray();
                for (var i = 0; i < assets.Length; i++) writer.Asset(assets[i], i);
                json.WriteEndArray();
                break;
        }
    }

    // False means "answer with an empty body".
    private bool WriteEndpointAgents(Utf8JsonWriter json, DattoWireWriter writer)
    {
        switch (_options.EndpointAgents)
        {
            case EndpointAgentsResponse.EmptyBody:
                return false;
            case EndpointAgentsResponse.EmptyArray:
                json.WriteStartArray();
                json.WriteEndArray();
                return true;
            case EndpointAgentsResponse.EmptyObject:
                json.WriteStartObject();
                json.WriteEndObject();
                return true;
            default:
                json.WriteStartObject();
                json.WriteStartArray("clients");
                if (_options.EndpointAgents == EndpointAgentsResponse.Clients)
                    foreach (var client in _partner.EndpointClients) writer.EndpointClient(client);
                json.WriteEndArray();
                json.WriteEndObject();
                return true;
        }
    }

    private void WritePage<T>(Utf8JsonWriter json, IQueryCollection query, IReadOnlyList<T> items, Action<T> writeItem)
    {
        var page = Math.Max(1, Number(query, "_page") ?? 1);
        var perPage = Math.Clamp(Number(query, "_perPage") ?? 100, 1, _options.MaxPerPage);
        var totalPages = (items.Count + perPage - 1) / perPage;
        json.WriteStartObject();
        new DattoWireWriter(json, _options).Pagination(page, perPage, totalPages, items.Count);
        json.WriteStartArray("items");
        foreach (var item in items.Skip((page - 1) * perPage).Take(perPage)) writeItem(item);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static int? Number(IQueryCollection query, string name) =>
        int.TryParse(query[name].ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    // Datto defaults showHiddenDevices and showChildResellerDevices to 1.
    private static bool Flag(IQueryCollection query, string name) => query[name].ToString() is not ("0" or "false");
}
