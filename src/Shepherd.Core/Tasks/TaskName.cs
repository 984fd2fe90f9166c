using System.Text.RegularExpressions;

namespace Shepherd.Tasks;

/// <summary>Task names: the seed's pattern, anchored and bounded.</summary>
public static partial class TaskName
{
    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,47}\z")] // \z, not $: $ would accept a trailing newline
    private static partial Regex Pattern();

    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    public static string Validate(string? name) => IsValid(name)
        ? name!
        : throw new UsageException(
            $"invalid task name {Printable.Quote(name ?? "")}: use 1-48 of a-z, 0-9 and '-', starting with a letter or digit");
}
