namespace LedgerReconcile.Api.Endpoints;

/// <summary>
/// One Datto sync's view of one organization, as a document: what <c>POST /api/snapshots</c> and <c>ledger import</c>
/// accept. The shape follows the Datto payloads (devices, assets, endpoint agents, SaaS domains and seats).
/// </summary>
public sealed record SnapshotDocument(
    string SnapshotId,
    string? SyncRunId,
    DateTimeOffset ObservedAt,
    long? OrganizationId,
    string? OrganizationName,
    string? ClientCompanyName,
    IReadOnlyList<SnapshotDevice> Devices,
    IReadOnlyList<SnapshotAsset> Assets,
    IReadOnlyList<SnapshotEndpointAgent>? EndpointAgents,
    IReadOnlyList<SnapshotSaasDomain>? SaasDomains,
    IReadOnlyList<SnapshotWarning>? Warnings)
{
    public IngestUsageSnapshot ToCommand(CommandContext context) => new(
        context,
        SnapshotId,
        SyncRunId,
        ObservedAt,
        OrganizationId,
        OrganizationName,
        ClientCompanyName,
        Devices,
        Assets,
        EndpointAgents,
        SaasDomains,
        Warnings);

    public static SnapshotDocument Example { get; } = new(
        "snap-2026-11-01-4100",
        "sync-2026-11-01",
        new DateTimeOffset(2026, 11, 1, 6, 0, 0, TimeSpan.Zero),
        4100,
        "Harbor Dental 0001 LLC",
        null,
        [new SnapshotDevice("A1B2C3D4E5F6", "HARBOR-SIRIS", "S5-4", false, new DateOnly(2027, 6, 30), false, new SnapshotStorage(1.8m, "TB"))],
        [
            new SnapshotAsset("A1B2C3D4E5F6", "vol-dc01", "DC01", "agent", false, false, "Windows Server 2022", new DateTimeOffset(2026, 10, 31, 23, 0, 0, TimeSpan.Zero)),
            new SnapshotAsset("A1B2C3D4E5F6", "vol-share-scans", "Scans", "share", false, false, null, null),
        ],
        [new SnapshotEndpointAgent("7f1c2e4a-0b9d-4c57-a1e2-3f4b5c6d7e8f", "RECEPTION-PC", "windows", "endpointBackup")],
        [new SnapshotSaasDomain(90012, "harbordental.example", "Office365", 2,
            [new SnapshotSaasSeat("u-1", "Dr. Lee", "User", "Active", "1"), new SnapshotSaasSeat("m-2", "Front desk", "SharedMailbox", "Active", "0")])],
        []);
}

/// <summary>Where an ingested snapshot went.</summary>
public sealed record SnapshotIngested(string CustomerKey, string Stream, long? Revision, IReadOnlyList<string> Appended, bool Changed);

public static class SnapshotEndpoints
{
    public static IEndpointRouteBuilder MapSnapshotEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/snapshots", IngestAsync)
            .WithTags("Usage")
            .WithName("IngestSnapshot")
            .WithSummary("Ingest a Datto usage snapshot of one organization")
            .WithDescription(
                "Records what one Datto sync saw for one organization (the customer is keyed on organizationId, or on the " +
                "normalised clientCompanyName for old payloads). The same snapshot again appends nothing; the same content " +
                "observed later appends a small 'observed unchanged' event; changed content appends a full snapshot. " +
                "Use the Idempotency-Key header to make a retry safe. Role: admin.")
            .Write(Policies.ManageIntegrations)
            .WithBodyLimit(RequestBodyLimit.Snapshot)
            .WithRequestExample(SnapshotDocument.Example)
            .WithResponseExample(new SnapshotIngested("org-4100", "customer-demo-msp.org-4100", 0, ["customer.usage_snapshot_recorded.v1"], true));
        return app;
    }

    private static async Task<Ok<SnapshotIngested>> IngestAsync(SnapshotDocument snapshot, HttpContext http, IMediator mediator, CancellationToken ct)
    {
        var command = snapshot.ToCommand(http.SystemCommandContext());
        var result = await mediator.Send(command, ct);
        ETags.Set(http, result.Revision);
        return TypedResults.Ok(new SnapshotIngested(command.CustomerKey(), result.Stream, result.Revision, result.Appended, result.Appended.Count > 0));
    }
}
