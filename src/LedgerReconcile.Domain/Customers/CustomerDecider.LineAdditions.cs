using System.Globalization;
using LedgerReconcile.Domain.Tenants;

namespace LedgerReconcile.Domain.Customers;

public static partial class CustomerDecider
{
    private static CustomerEvent[] ProposeAddition(ProposeLineAddition command, CustomerState state)
    {
        var account = MappedAccount(state, "line_addition.account_not_mapped");
        if (state.LineAdditions.ContainsKey(command.ProposalId))
        {
            return [];
        }

        if (state.Services.TryGetValue(command.Line, out var mapped))
        {
            throw new RuleViolationException("line_addition.service_mapped", $"{command.Line} is already mapped to PSA line {mapped.PsaLineId}; a quantity change is proposed there instead.")
            {
                ConflictsWithRecord = true,
            };
        }

        if (state.OpenLineAdditionFor(command.Line) is { } open)
        {
            throw new RuleViolationException("line_addition.already_proposed", $"Adding a line for {command.Line} is already proposed ({open.ProposalId}, {open.Status}).")
            {
                ConflictsWithRecord = true,
            };
        }

        var billable = command.Usage.Services.FirstOrDefault(s => s.Line == command.Line && s.Counted.Count > 0)
            ?? throw new RuleViolationException("line_addition.not_billable", $"Datto reports no billable {command.Line} for this customer, so there is no line to add.");
        var template = TemplateFor(command, account.PsaKind);
        var price = template.UnitPrice
            ?? throw new RuleViolationException("line_addition.no_price", $"The template for {template.Key} has no unit price; set one before adding a line with it.");
        var billableQuantity = template.UnitRule.Quantity(billable.RawAmount);
        var quantity = command.Quantity ?? billableQuantity;
        if (quantity <= 0)
        {
            throw new RuleViolationException("line_addition.nothing_to_bill", $"{command.Line} comes to {quantity} under the template's unit rule; there is nothing to bill.");
        }

        if (account.PsaKind.WholeUnitsOnly() && quantity != decimal.Truncate(quantity))
        {
            throw new RuleViolationException("line_addition.fractional_quantity", $"{account.PsaKind} accepts whole units only; {quantity} cannot be added.");
        }

        return
        [
            new LineAdditionProposed(
                command.ProposalId,
                command.Line.Service,
                command.Line.SeatType,
                account.PsaKind,
                account.PsaCompanyId,
                account.AgreementId,
                template.Key.ProductId,
                quantity,
                billableQuantity,
                template.UnitRule.ToTerms(),
                price,
                command.EffectiveDate,
                command.Usage.SnapshotId,
                command.Actor,
                command.Now),
        ];
    }

    private static ServiceTemplate TemplateFor(ProposeLineAddition command, PsaKind psa)
    {
        var candidates = command.Templates.Where(t => t.Key.Psa == psa && t.Line == command.Line).OrderBy(t => t.Key.ProductId, StringComparer.Ordinal).ToList();
        var products = string.Join(", ", candidates.Select(t => t.Key.ProductId));
        if (command.ProductId is { } productId)
        {
            return candidates.FirstOrDefault(t => t.Key.ProductId == productId)
                ?? throw new RuleViolationException(
                    "line_addition.unknown_product",
                    candidates.Count == 0
                        ? $"The tenant has no {psa} service template for {command.Line}; set one for product {productId} first."
                        : $"{psa} product {productId} is not one of the tenant's templates for {command.Line} ({products}).");
        }

        return candidates.Count switch
        {
            0 => throw new RuleViolationException("line_addition.no_template", $"The tenant has no {psa} service template for {command.Line}; set one to say which product bills it."),
            1 => candidates[0],
            _ => throw new RuleViolationException("line_addition.product_ambiguous", $"Several {psa} products bill {command.Line} ({products}); name the product to add."),
        };
    }

    private static CustomerEvent[] ApproveAddition(ApproveLineAddition command, CustomerState state)
    {
        var addition = LineAdditionOf(state, command.ProposalId);
        return addition.Status switch
        {
            LineAdditionStatus.Pending => [new LineAdditionApproved(addition.ProposalId, command.EffectiveDate ?? addition.EffectiveDate, command.Note, command.Actor, command.Now)],
            LineAdditionStatus.Rejected or LineAdditionStatus.Failed => throw NotPending(addition),
            _ => [],
        };
    }

    private static CustomerEvent[] RejectAddition(RejectLineAddition command, CustomerState state)
    {
        var addition = LineAdditionOf(state, command.ProposalId);
        return addition.Status switch
        {
            LineAdditionStatus.Pending => [new LineAdditionRejected(addition.ProposalId, command.Reason, command.Actor, command.Now)],
            LineAdditionStatus.Rejected => [],
            _ => throw NotPending(addition),
        };
    }

    private static CustomerEvent[] RequestAddition(RequestLineAddition command, CustomerState state)
    {
        var addition = LineAdditionOf(state, command.ProposalId);
        if (addition.WriteId is not null)
        {
            return [];
        }

        if (addition.Status != LineAdditionStatus.Approved)
        {
            throw new RuleViolationException("line_addition.not_approved", $"Line addition {addition.ProposalId} is {addition.Status}; only an approved addition is sent.");
        }

        var account = MappedAccount(state, "line_addition.account_not_mapped");
        if (state.Services.TryGetValue(addition.Line, out var mapped))
        {
            throw new RuleViolationException("line_addition.service_mapped", $"{addition.Line} was mapped to PSA line {mapped.PsaLineId} after the addition was approved; nothing is added.");
        }

        // The key names the proposal and nothing that can change after approval, so every retry of it finds the same line.
        var key = string.Create(CultureInfo.InvariantCulture, $"{account.PsaKind}:{account.AgreementId}:add:{addition.ProductId}:{addition.ProposalId:N}");
        return
        [
            new LineAdditionRequested(
                command.WriteId,
                key,
                addition.ProposalId,
                account.PsaKind,
                account.PsaCompanyId,
                account.AgreementId,
                addition.ProductId,
                addition.Quantity,
                addition.UnitPrice.Amount,
                addition.EffectiveDate,
                addition.ApprovedBy ?? "",
                command.Actor,
                command.Now),
        ];
    }

    private static CustomerEvent[] RecordAdded(RecordLineAdded command, CustomerState state)
    {
        var addition = AdditionWritten(state, command.WriteId);
        if (addition.Status is LineAdditionStatus.Added or LineAdditionStatus.ExistingLineFound)
        {
            return [];
        }

        if (addition.Status != LineAdditionStatus.Requested)
        {
            throw new RuleViolationException("line_addition.not_requested", $"Line addition {addition.ProposalId} is {addition.Status}; its outcome cannot be recorded.");
        }

        CustomerEvent outcome = command.ExistingLine
            ? new LineAdditionFoundExistingLine(command.WriteId, addition.ProposalId, command.PsaLineId, command.Quantity, command.Actor, command.Now)
            : new LineAdded(command.WriteId, addition.ProposalId, command.PsaLineId, command.Quantity, command.Evidence, command.Actor, command.Now);

        // A person's mapping, made while the addition was under way, wins; the line then waits for a person as any unmapped line does.
        var lineTaken = state.Services.ContainsKey(addition.Line) || state.Services.Values.Any(m => m.PsaLineId == command.PsaLineId);
        return lineTaken
            ? [outcome]
            :
            [
                outcome,
                new ServiceMappedByLineAddition(
                    addition.ProposalId,
                    addition.Line.Service,
                    addition.Line.SeatType,
                    command.PsaLineId,
                    addition.UnitRule.ToTerms(),
                    addition.UnitPrice,
                    command.Now,
                    command.Actor,
                    command.Now),
            ];
    }

    private static CustomerEvent[] RecordAdditionFailure(RecordLineAdditionFailure command, CustomerState state)
    {
        var addition = AdditionWritten(state, command.WriteId);
        return addition.Status switch
        {
            LineAdditionStatus.Failed => [],
            LineAdditionStatus.Requested => [new LineAdditionFailed(command.WriteId, addition.ProposalId, command.Error, command.Actor, command.Now)],
            _ => throw new RuleViolationException("line_addition.not_requested", $"Line addition {addition.ProposalId} is {addition.Status}; it cannot fail now."),
        };
    }

    private static LineAddition LineAdditionOf(CustomerState state, Guid proposalId) =>
        state.LineAdditions.TryGetValue(proposalId, out var addition)
            ? addition
            : throw new RuleViolationException("proposal.unknown", $"There is no line addition {proposalId}.");

    private static LineAddition AdditionWritten(CustomerState state, Guid writeId) =>
        state.LineAdditions.Values.FirstOrDefault(a => a.WriteId == writeId)
            ?? throw new RuleViolationException("write.unknown", $"There is no line addition written as {writeId}.");

    private static RuleViolationException NotPending(LineAddition addition) =>
        new("proposal.not_pending", $"Line addition {addition.ProposalId} is {addition.Status}; only a pending one is decided.") { ConflictsWithRecord = true };
}
