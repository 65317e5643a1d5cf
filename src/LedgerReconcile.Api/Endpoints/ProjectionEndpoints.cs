using LedgerReconcile.Projections.Running;

namespace LedgerReconcile.Api.Endpoints;

/// <summary>How far a read model is behind the store.</summary>
public sealed record ProjectionView(string Projection, int Version, long Checkpoint, long Head, long LagEvents, double LagSeconds, bool Rebuilding);

public static class ProjectionEndpoints
{
    public static IEndpointRouteBuilder MapProjectionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/projections", StatusAsync)
            .Read()
            .WithTags("Operations")
            .WithName("GetProjectionStatus")
            .WithSummary("How far the read models are behind")
            .WithDescription("Each read model's checkpoint against the store's head, its lag in events and time, and whether a rebuild is running (`ledger rebuild`).")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<ProjectionView>>> StatusAsync(ProjectionStatusReader status, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<ProjectionView>>((await status.ReadAsync(ct))
            .Select(s => new ProjectionView(s.Projection, s.CodeVersion, s.Active?.Checkpoint ?? 0, s.Head, s.LagEvents, s.LagTime.TotalSeconds, s.Building is not null))
            .ToList());
}
