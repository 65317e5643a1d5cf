using static LedgerReconcile.Simulators.Psa.Autotask.AutotaskQueryFilter;

namespace LedgerReconcile.Simulators.Psa.Autotask;

/// <summary>
/// <c>POST /Contracts/{id}/Services</c>: a new ContractService on a recurring-service contract (type 7 only, as
/// documented), answered <c>{"itemId": id}</c>. It starts with zero units in every month of the contract's period; its units
/// then change only through adjustments.
/// </summary>
public sealed partial class AutotaskSimulator
{
    /// <summary>The contract's services as stored, e.g. to count what POSTs created.</summary>
    public IReadOnlyList<AutotaskContractService> ContractServicesOf(long contractId) =>
        Locked(() => _options.Seed.ContractServices.Where(cs => cs.ContractId == contractId).ToList());

    private void MapContractServiceCreation(RouteGroupBuilder api)
    {
        api.MapPost("/Contracts/{contractId:long}/Services", async (HttpContext context, long contractId) =>
        {
            using var tracked = Track("ContractServices");
            var (body, refused) = await ReadObjectAsync(context.Request, "The body");
            if (body is null)
                return refused!;
            return await ServeWriteAsync(context, () => CreateContractService(contractId, body));
        });
    }

    private IResult CreateContractService(long contractId, JsonObject body)
    {
        lock (Gate)
        {
            var contract = _options.Seed.Contracts.FirstOrDefault(c => c.Id == contractId);
            if (contract is null)
                return Error(500, $"Contract {contractId} does not exist.");
            if (contract.ContractType != 7)
                return Error(500, "Services can only be added to a Recurring Service contract.");
            var serviceId = Get(body, "serviceID") is JsonValue v && v.TryGetValue<long>(out var s) ? s : 0;
            var service = _options.Seed.Services.FirstOrDefault(x => x.Id == serviceId);
            if (service is null)
                return Error(500, "serviceID does not reference an existing Service.");
            var id = _options.Seed.ContractServices.Max(cs => cs.Id) + 1;
            var unitPrice = Get(body, "unitPrice") is JsonValue p && p.TryGetValue<decimal>(out var price) ? price : service.UnitPrice;
            _options.Seed.ContractServices.Add(new AutotaskContractService(id, contractId, serviceId, unitPrice,
                Get(body, "invoiceDescription")?.ToString() ?? service.Name)
            {
                InternalDescription = Get(body, "internalDescription")?.ToString(),
            });
            // Autotask creates the service's units rows for the contract's whole period, not only the seeded months.
            _options.Seed.AddMonthlyUnits(id, contract, serviceId, 0);
            CountAppliedWrite(id);
            return Results.Json(new { itemId = id });
        }
    }
}
