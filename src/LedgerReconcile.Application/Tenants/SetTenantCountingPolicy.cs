using FluentValidation;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Application.Validation;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Tenants;
using Mediator;

namespace LedgerReconcile.Application.Tenants;

/// <summary>Sets the tenant's default answer to a counting question, for every customer without an override.</summary>
public sealed record SetTenantCountingPolicy(
    CommandContext Context,
    string Policy,
    string Choice,
    string Reason,
    DateTimeOffset? EffectiveFrom) : ICommand<CommandResult>, IUserCommand;

public sealed class SetTenantCountingPolicyValidator : LedgerCommandValidator<SetTenantCountingPolicy>
{
    public SetTenantCountingPolicyValidator()
    {
        RuleFor(c => c.Policy).IsOneOf<SetTenantCountingPolicy, CountingPolicyKind>();
        RuleFor(c => c.Choice).IsOneOf<SetTenantCountingPolicy, CountingChoice>();
        RuleFor(c => c.Reason).IsReason();
    }
}

public sealed class SetTenantCountingPolicyHandler(TenantLedger ledger) : ICommandHandler<SetTenantCountingPolicy, CommandResult>
{
    public ValueTask<CommandResult> Handle(SetTenantCountingPolicy command, CancellationToken cancellationToken) =>
        ledger.DecideAsync(
            command,
            now => new TenantCommand.SetCountingPolicy(
                EnumText.Parse<CountingPolicyKind>(command.Policy),
                EnumText.Parse<CountingChoice>(command.Choice),
                command.Reason,
                command.EffectiveFrom,
                command.Context.Actor,
                now),
            cancellationToken);
}
