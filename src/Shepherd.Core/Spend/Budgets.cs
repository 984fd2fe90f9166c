using System.Globalization;
using Shepherd.Tasks;

namespace Shepherd.Spend;

/// <summary>The token and cost budgets (<c>--max-tokens</c>, <c>--max-cost</c>): what the task's attempts since the last
/// explicit start or resume (<see cref="TaskRecord.BudgetFrom"/>) reported, against its limits.</summary>
public static class Budgets
{
    public static Usage? Spent(TaskRecord task, IEnumerable<AttemptRecord> history) =>
        Usage.Total(history.Where(a => a.Number >= task.BudgetFrom).Select(a => a.Usage));

    /// <summary>Why the task may not go on ("token budget spent (3000 of 2500)"), or null while it is within its budgets.</summary>
    public static string? Exhausted(TaskRecord task, IEnumerable<AttemptRecord> history)
    {
        if (task.MaxTokens is null && task.MaxCostUsd is null) return null;
        var spent = Spent(task, history);
        if (task.MaxTokens is { } max && spent is { HasTokens: true } s && s.Tokens >= max)
            return $"token budget spent ({s.Tokens.ToString(CultureInfo.InvariantCulture)} of {max.ToString(CultureInfo.InvariantCulture)})";
        if (task.MaxCostUsd is { } usd && spent?.CostUsd is { } cost && cost >= usd)
            return $"cost budget spent ({Usage.Dollars(cost)} of {Usage.Dollars(usd)})";
        return null;
    }

    /// <summary>The usage the conversation <paramref name="sessionId"/> had reported before the next attempt: the base an
    /// agent that reports running totals (<see cref="Agents.IAgentAdapter.UsageIsConversationTotal"/>) is measured from.</summary>
    public static Usage? ConversationSoFar(IEnumerable<AttemptRecord> history, string? sessionId) =>
        sessionId is null ? null
        : Usage.Total(history.Where(a => a.AgentSessionId == sessionId).Select(a => a.Usage));
}
