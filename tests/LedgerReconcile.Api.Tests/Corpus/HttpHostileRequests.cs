using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LedgerReconcile.Api.Tests.Infrastructure;

namespace LedgerReconcile.Api.Tests.Corpus;

/// <summary>
/// One hostile request at the HTTP boundary. <c>{c}</c> in the path stands for the corpus customer. The request must be
/// refused with a 4xx problem (with <see cref="Status"/> and a field error on <see cref="Field"/> where given) and append
/// nothing; <see cref="Before"/> is sent first (and may append), e.g. the first use of an Idempotency-Key.
/// </summary>
public sealed record HostileRequest(string Category, string Name, string Role, HttpMethod Method, string Path)
{
    public byte[]? Body { get; init; }

    public string? ContentType { get; init; } = "application/json";

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public int? Status { get; init; }

    public string? Field { get; init; }

    public HostileRequest? Before { get; init; }

    /// <summary>A request that could append if the server took it: these run on both stores.</summary>
    public bool CouldAppend => Method != HttpMethod.Get;

    public string Id => $"{Category}: {Name}";

    public HttpRequestMessage Build(string customer)
    {
        var request = new HttpRequestMessage(Method, Path.Replace("{c}", customer, StringComparison.Ordinal));
        if (Body is not null)
        {
            request.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }

        foreach (var (name, value) in Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                throw new InvalidOperationException($"{Id}: header {name} cannot be sent.");
            }
        }

        return request;
    }

    public override string ToString() => Id;
}

/// <summary>
/// The HTTP part of the bad-input corpus (issue 12): hostile route values, query values, headers and bodies across the
/// endpoints of <see cref="EndpointCatalog"/>. Each category lives in its own file.
/// </summary>
public static partial class HttpHostileRequests
{
    public const string Customer = "org-4100";

    private static readonly Lazy<IReadOnlyDictionary<string, HostileRequest>> Cases = new(() =>
    {
        var all = RouteCases().Concat(QueryCases()).Concat(HeaderCases()).Concat(BodyCases()).ToList();
        var duplicate = all.GroupBy(c => c.Id).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null
            ? all.ToDictionary(c => c.Id)
            : throw new InvalidOperationException($"Two corpus cases are named '{duplicate.Key}'.");
    });

    public static IReadOnlyDictionary<string, HostileRequest> All => Cases.Value;

    public static TheoryData<string> Names() => new(All.Keys);

    public static TheoryData<string> AppendCapableNames() => new(All.Values.Where(c => c.CouldAppend).Select(c => c.Id));

    public static HostileRequest Named(string id) => All[id];

    /// <summary>The catalog's valid body of <paramref name="endpoint"/> as a JSON object to change.</summary>
    private static JsonObject ValidBody(string endpoint) =>
        JsonSerializer.SerializeToNode(EndpointCatalog.Named(endpoint).Body, LedgerHost.Json)!.AsObject();

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>The catalog's request of <paramref name="endpoint"/>, sent by its first role, with its valid body.</summary>
    private static HostileRequest From(string category, string endpoint, string name, string? path = null)
    {
        var valid = EndpointCatalog.Named(endpoint);
        return new HostileRequest(category, $"{endpoint} {name}", valid.Roles[0], valid.Method, path ?? valid.Path)
        {
            Body = valid.Body is null ? null : Utf8(ValidBody(endpoint).ToJsonString()),
            ContentType = valid.Body is null ? null : "application/json",
        };
    }

    private static KeyValuePair<string, string> Header(string name, string value) => new(name, value);
}
