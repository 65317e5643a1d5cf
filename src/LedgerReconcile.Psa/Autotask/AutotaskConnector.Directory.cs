using LedgerReconcile.Psa.Directory;

namespace LedgerReconcile.Psa.Autotask;

/// <summary>
/// Autotask's companies and contracts. A new line is two steps: a ContractService created on the contract with the
/// key's marker in its <c>internalDescription</c> (the one text field Autotask keeps off the invoice), then its units
/// set from zero by the same write protocol as any quantity change, so each step is found again after a lost answer.
/// </summary>
internal sealed partial class AutotaskConnector
{
    // Only Recurring Service (7) is in the reference; the others are shown by number.
    private static string ContractTypeName(long? type) => type switch
    {
        RecurringServiceContractType => "Recurring Service",
        null => "",
        _ => $"Contract type {type}",
    };

    public override async Task<IReadOnlyList<PsaCompany>> SearchCompaniesAsync(string? nameContains, CancellationToken cancellationToken = default)
    {
        // Autotask needs at least one condition; "id gte 0" reads every company.
        var filter = string.IsNullOrWhiteSpace(nameContains)
            ? new JsonObject { ["op"] = "gte", ["field"] = "id", ["value"] = 0 }
            : new JsonObject { ["op"] = "contains", ["field"] = "companyName", ["value"] = nameContains.Trim() };
        return (await QueryAsync("Companies", [filter], cancellationToken))
            .Where(c => c.Prop("id").Long() is not null && c.Prop("companyName").String() is { Length: > 0 } name && ContainsName(name, nameContains))
            .Select(c => new PsaCompany(Kind, c.Prop("id").Long()!.Value.ToString(CultureInfo.InvariantCulture), c.Prop("companyName").String()!,
                c.Prop("isActive").Bool() != false, c.Prop("companyNumber").String()))
            .ToList();
    }

    public override async Task<IReadOnlyList<PsaAgreement>> ListAgreementsAsync(
        string companyId, IReadOnlyCollection<string>? types = null, CancellationToken cancellationToken = default)
    {
        var company = ParseId(companyId, nameof(companyId));
        return (await QueryAsync("Contracts", [Eq("companyID", company)], cancellationToken))
            .Where(c => c.Prop("id").Long() is not null && (c.Prop("companyID").Long() ?? company) == company)
            .Select(c => new PsaAgreement(Kind, c.Prop("id").Long()!.Value.ToString(CultureInfo.InvariantCulture), companyId,
                c.Prop("contractName").String() ?? "", c.Prop("contractType").String(), ContractTypeName(c.Prop("contractType").Long()),
                IsActive(c), c.Prop("status").Long() is { } status ? status.ToString(CultureInfo.InvariantCulture) : "",
                DayOf(c.Prop("startDate").Date()), DayOf(c.Prop("endDate").Date())))
            .Where(a => a.HasType(types))
            .ToList();
    }

    public override async Task<IReadOnlyList<PsaLine>> ListAgreementLinesAsync(
        string companyId, string agreementId, DateOnly asOf, CancellationToken cancellationToken = default)
    {
        var company = ParseId(companyId, nameof(companyId));
        var contractId = ParseId(agreementId, nameof(agreementId));
        var contract = (await QueryAsync("Contracts", [Eq("id", contractId)], cancellationToken)).FirstOrDefault();
        if (contract.ValueKind != JsonValueKind.Object)
            throw new PsaException(Kind, PsaFailureKind.NotFound, $"Contract {contractId} does not exist.");
        if (contract.Prop("companyID").Long() is { } owner && owner != company)
            throw new PsaException(Kind, PsaFailureKind.NotFound, $"Contract {contractId} belongs to company {owner}, not {company}.");
        var contractServices = await QueryAsync("ContractServices", [Eq("contractID", contractId)], cancellationToken);
        return await LinesOfAsync(company, new Dictionary<long, JsonElement> { [contractId] = contract }, contractServices, asOf, cancellationToken);
    }

    public override string? RefuseAddition(NewPsaLine line) =>
        base.RefuseAddition(line)
        ?? (!long.TryParse(line.ProductId, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? $"'{line.ProductId}' is not an Autotask service id."
            : line.Quantity > int.MaxValue ? "The units do not fit Autotask's integer unitChange."
            : null);

    public override async Task<WriteAttempt> SendAdditionAsync(NewPsaLine line, string marker, CancellationToken cancellationToken)
    {
        var contractId = ParseId(line.AgreementId, nameof(line.AgreementId));
        var body = new JsonObject
        {
            ["contractID"] = contractId,
            ["serviceID"] = long.Parse(line.ProductId, CultureInfo.InvariantCulture),
            ["unitPrice"] = line.UnitPrice,
            ["invoiceDescription"] = line.Description,
            ["internalDescription"] = $"{line.Description} {marker}".Trim(),
        };
        var apiBase = await ApiBaseAsync(cancellationToken);
        var request = Authorized(new HttpRequestMessage(HttpMethod.Post, new Uri(apiBase, $"Contracts/{contractId}/Services"))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        });
        return await WriteAsync(request, "no answer to POST /Contracts/{id}/Services (timeout or connection lost)", _ => null, cancellationToken);
    }

    public override async Task<LineAdditionOutcome> CompleteAsync(PsaLine found, NewPsaLine line, ApplyEvidence? evidence, CancellationToken cancellationToken)
    {
        // Only a service still at zero units waits for its second step; any other count was set since (by this key or a
        // person), and adding a line never changes a quantity someone else set.
        if (found.Quantity != 0 || line.Quantity == 0)
            return await base.CompleteAsync(found, line, evidence, cancellationToken);
        var change = new QuantityChange(found.LineRef, found.Quantity, line.Quantity, line.IdempotencyKey, line.EffectiveDate);
        return await SetQuantityAsync(change, cancellationToken) switch
        {
            QuantityWriteOutcome.Applied or QuantityWriteOutcome.AlreadyApplied =>
                new LineAdditionOutcome.Added(await ReadLineAsync(found.LineRef, line.EffectiveDate, cancellationToken), evidence ?? ApplyEvidence.ReadBack),
            QuantityWriteOutcome.Rejected rejected => new LineAdditionOutcome.Rejected(rejected.Rejection),
            QuantityWriteOutcome.Refused refused => new LineAdditionOutcome.Refused(refused.Reason),
            QuantityWriteOutcome.TransientFailure failure => new LineAdditionOutcome.TransientFailure(
                $"The service is on the contract but its units are not set yet: {failure.Reason} Calling again with the same key sets them."),
            var other => new LineAdditionOutcome.OutcomeUnknown(
                $"The service is on the contract but setting its units ended as {other.GetType().Name}; read the line before calling again."),
        };
    }

    private bool IsActive(JsonElement contract) =>
        contract.Prop("status").Long() != 0
        && (DayOf(contract.Prop("endDate").Date()) is not { } end || end >= DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime));
}
