using LedgerReconcile.Domain.Tenants;

namespace LedgerReconcile.Application.Mapping;

/// <summary>Deletes the template of one PSA product; service mappings it already made stay. An unknown template is not found.</summary>
public sealed record RemoveServiceTemplate(CommandContext Context, string Psa, string ProductId, string Reason) : ICommand<CommandResult>, IUserCommand;

public sealed class RemoveServiceTemplateValidator : LedgerCommandValidator<RemoveServiceTemplate>
{
    public RemoveServiceTemplateValidator()
    {
        RuleFor(c => c.Psa).IsOneOf<RemoveServiceTemplate, PsaKind>();
        RuleFor(c => c.ProductId).Must(ServiceTemplateKey.IsProductId).WithMessage(ServiceTemplateKey.ProductIdGrammar);
        RuleFor(c => c.Reason).IsReason();
    }
}

public sealed class RemoveServiceTemplateHandler(TenantLedger tenants) : ICommandHandler<RemoveServiceTemplate, CommandResult>
{
    public async ValueTask<CommandResult> Handle(RemoveServiceTemplate command, CancellationToken cancellationToken)
    {
        var key = new ServiceTemplateKey(EnumText.Parse<PsaKind>(command.Psa), command.ProductId);
        if (!(await tenants.LoadAsync(command.Context.Tenant, cancellationToken)).State.Templates.ContainsKey(key))
        {
            throw new ResourceNotFoundException($"There is no service template for {key.Psa} product {key.ProductId}.");
        }

        return await tenants.DecideAsync(command, now => new TenantCommand.RemoveServiceTemplate(key, command.Reason, command.Context.Actor, now), cancellationToken);
    }
}
