using System.Globalization;

namespace LedgerReconcile.Domain.Customers;

public static partial class CustomerDecider
{
    private static CustomerEvent[] Map(MapAccount command, CustomerState state)
    {
        if (state.Account is { } account)
        {
            return account.PsaKind == command.PsaKind && account.PsaCompanyId == command.PsaCompanyId && account.AgreementId == command.AgreementId
                ? []
                : throw new RuleViolationException(
                    "account.already_mapped",
                    $"This customer is already mapped to {account.PsaKind} company {account.PsaCompanyId}, agreement {account.AgreementId}; unmap it first.");
        }

        return
        [
            new AccountMapped(
                command.OrganizationId ?? state.Usage?.Content.OrganizationId,
                command.DattoOrganizationName,
                command.PsaKind,
                command.PsaCompanyId,
                command.PsaCompanyName,
                command.AgreementId,
                command.EffectiveFrom ?? command.Now,
                command.Actor,
                command.Now),
        ];
    }

    private static CustomerEvent[] Unmap(UnmapAccount command, CustomerState state)
    {
        if (state.Account is not { } account)
        {
            return [];
        }

        var effectiveFrom = command.EffectiveFrom ?? command.Now;
        // Service lines belong to the agreement being unmapped; unmapping them explicitly keeps the audit readable.
        var services = state.Services.Values
            .OrderBy(s => s.Line.ToString(), StringComparer.Ordinal)
            .Select(s => (CustomerEvent)new ServiceUnmapped(s.Line.Service, s.Line.SeatType, s.PsaLineId, command.Reason, effectiveFrom, command.Actor, command.Now));
        return
        [
            .. services,
            new AccountUnmapped(account.PsaKind, account.PsaCompanyId, account.AgreementId, command.Reason, effectiveFrom, command.Actor, command.Now),
        ];
    }

    private static CustomerEvent[] RecordPsaName(RecordPsaCompanyName command, CustomerState state)
    {
        var account = MappedAccount(state, "psa.account_not_mapped");
        if (account.PsaCompanyId != command.PsaCompanyId)
        {
            throw new RuleViolationException("psa.other_company", $"This customer is mapped to PSA company {account.PsaCompanyId}, not {command.PsaCompanyId}.");
        }

        return account.PsaCompanyName == command.Name
            ? []
            :
            [
                new PsaCompanyRenamed(
                    $"psa-name:{command.ObservedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}",
                    command.PsaCompanyId,
                    account.PsaCompanyName,
                    command.Name,
                    command.ObservedAt,
                    command.Actor),
            ];
    }

    private static CustomerEvent[] Acknowledge(AcknowledgeDrift command, CustomerState state) =>
        !state.Drifts.TryGetValue(command.DriftId, out var drift)
            ? throw new RuleViolationException("drift.unknown", $"There is no drift '{command.DriftId}'.")
            : drift.IsOpen ? [new DriftAcknowledged(command.DriftId, command.Note, command.Actor, command.Now)] : [];

    private static CustomerEvent[] Map(MapService command, CustomerState state)
    {
        MappedAccount(state, "service.account_not_mapped");
        if (command.UnitRule.Problem() is { } problem)
        {
            throw new RuleViolationException("service.invalid_unit_rule", problem);
        }

        var line = command.Line;
        ServiceLineRules.EnsureFits(line, command.UnitRule);

        if (line.Service == BillableService.SaasSeats)
        {
            var seatLines = state.Services.Keys.Where(l => l.Service == BillableService.SaasSeats && l != line).ToList();
            if (line.SeatType is not null && seatLines.Any(l => l.SeatType is null))
            {
                throw new RuleViolationException("service.seats_mapped_as_one_line", "All SaaS seats are mapped to one line; unmap it before mapping seat types separately.");
            }

            if (line.SeatType is null && seatLines.Count > 0)
            {
                throw new RuleViolationException("service.seat_types_mapped_separately", "SaaS seat types are mapped separately; unmap them before mapping all seats to one line.");
            }
        }

        if (state.Services.Values.FirstOrDefault(s => s.PsaLineId == command.PsaLineId && s.Line != line) is { } other)
        {
            throw new RuleViolationException("service.psa_line_in_use", $"PSA line {command.PsaLineId} already bills {other.Line}.");
        }

        if (state.Services.TryGetValue(line, out var existing)
            && existing.PsaLineId == command.PsaLineId
            && existing.UnitRule == command.UnitRule
            && existing.UnitPrice == command.UnitPrice)
        {
            return [];
        }

        return
        [
            new ServiceMapped(line.Service, line.SeatType, command.PsaLineId, command.UnitRule.ToTerms(), command.UnitPrice, command.EffectiveFrom ?? command.Now, command.Actor, command.Now),
        ];
    }

    private static CustomerEvent[] Unmap(UnmapService command, CustomerState state) =>
        state.Services.TryGetValue(command.Line, out var mapping)
            ? [new ServiceUnmapped(command.Line.Service, command.Line.SeatType, mapping.PsaLineId, command.Reason, command.EffectiveFrom ?? command.Now, command.Actor, command.Now)]
            : [];
}
