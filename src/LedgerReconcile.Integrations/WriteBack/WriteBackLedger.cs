using System.Globalization;
using LedgerReconcile.Application;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Domain.Tenants;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using static LedgerReconcile.Domain.Customers.CustomerEvent;

namespace LedgerReconcile.Integrations.WriteBack;

/// <summary>A customer's ledger as the write-back reads it: the folded state, every write request, the last position.</summary>
/// <param name="Requests">Kept beside the state: a request's effective date, time and idempotency key are not folded into it.</param>
public sealed record CustomerWriteView(CustomerState State, IReadOnlyDictionary<Guid, PsaWriteRequested> Requests, long Position)
{
    /// <summary>Every line addition request by write id: the agreement it was sent to, as recorded, whatever the mapping says now.</summary>
    public IReadOnlyDictionary<Guid, LineAdditionRequested> LineAdditionRequests { get; init; } = new Dictionary<Guid, LineAdditionRequested>();
}

/// <summary>
/// The write-back's side of the ledger: streams folded through the shared read path, and commands sent through the
/// mediator like any other caller, so every fact the write-back records passes the deciders.
/// </summary>
public sealed class WriteBackLedger(LedgerReader reader, IServiceScopeFactory scopes)
{
    public static string Correlation(Guid proposalId) => "write-back-" + proposalId.ToString("N", CultureInfo.InvariantCulture);

    public async Task<TenantState> LoadTenantAsync(string tenant, CancellationToken cancellationToken) =>
        (await reader.LoadAsync(StreamFolds.Tenant, tenant, StreamNames.Tenant(tenant), FoldCut.Everything, cancellationToken)).State;

    public async Task<CustomerWriteView> LoadCustomerAsync(string tenant, string customerKey, CancellationToken cancellationToken)
    {
        var requests = new Dictionary<Guid, PsaWriteRequested>();
        var additions = new Dictionary<Guid, LineAdditionRequested>();
        long position = 0;
        var loaded = await reader.LoadAsync(
            StreamFolds.Customer,
            tenant,
            StreamNames.Customer(tenant, customerKey),
            FoldCut.Everything,
            (recorded, @event) =>
            {
                position = recorded.Position;
                if (@event is PsaWriteRequested request)
                {
                    requests[request.WriteId] = request;
                }
                else if (@event is LineAdditionRequested addition)
                {
                    additions[addition.WriteId] = addition;
                }
            },
            cancellationToken);
        return new CustomerWriteView(loaded.State, requests, position) { LineAdditionRequests = additions };
    }

    public async Task<CommandResult> SendAsync(ICommand<CommandResult> command, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command, cancellationToken);
    }
}
