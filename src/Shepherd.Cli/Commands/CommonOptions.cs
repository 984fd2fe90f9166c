using System.CommandLine;

namespace Shepherd.Cli.Commands;

/// <summary>Options and arguments several commands share.</summary>
internal static class CommonOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Print JSON (camelCase fields)" };

    public static Argument<string> TaskName() => new("name") { Description = "The task's name" };
}
