using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LedgerReconcile.Exports;

public static class ExportServiceCollectionExtensions
{
    /// <summary>Scoped, as the mediator it sends point-in-time queries through.</summary>
    public static IServiceCollection AddLedgerExports(this IServiceCollection services)
    {
        services.TryAddScoped<LedgerExports>();
        services.TryAddScoped<Evidence.EvidencePacks>();
        return services;
    }
}
