using System.CommandLine;
using System.CommandLine.Parsing;
using System.Reflection;
using System.Text;

namespace Shepherd.Cli;

/// <summary>What a person sees when the command line is not what Shepherd expects: a short usage, the version,
/// and one-line parse errors in plain words (System.CommandLine's own texts name .NET types).</summary>
internal static class Usage
{
    public static string Version()
    {
        var info = typeof(Usage).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = info.IndexOf('+');
        var version = plus < 0 ? info : info[..plus];
        var commit = plus < 0 ? "unknown" : info[(plus + 1)..] is { Length: > 12 } c ? c[..12] : info[(plus + 1)..];
        return $"shepherd {version} (commit {commit})";
    }

    public static string Short(RootCommand root)
    {
        var sb = new StringBuilder("usage: shepherd <command> [options]\n\n");
        var commands = Visible(root).ToList();
        var width = commands.Max(c => Synopsis(c).Length);
        foreach (var c in commands) sb.Append("  ").Append(Synopsis(c).PadRight(width)).Append("  ").Append(FirstSentence(c.Description)).Append('\n');
        sb.Append("\noptions:\n  -h, --help     this list; `shepherd help <command>` (or <command> --help) shows a command's options\n");
        sb.Append("  -v, --version  the version and the commit it was built from\n");
        var shortForms = commands.SelectMany(c => c.Options.Where(o => !o.Hidden && o.Aliases.Any(a => a.Length == 2) && o.Name is not ("--help" or "--version"))
            .Select(o => $"{c.Name} {o.Aliases.First(a => a.Length == 2)} ({o.Name})")).ToList();
        if (shortForms.Count > 0) sb.Append("\nshort forms: ").Append(string.Join(", ", shortForms)).Append('\n');
        return sb.ToString();
    }

    public static string UnknownCommand(RootCommand root, string token)
    {
        var names = Visible(root).Select(c => c.Name).ToList();
        var close = Closest(token, names);
        return $"unknown command {Tasks.Printable.Quote(token)}{(close is null ? "" : $" (did you mean '{close}'?)")}; " +
               $"commands: {string.Join(", ", names)}; see `shepherd help`";
    }

    /// <summary>One line for the most useful parse error: a missing argument before a missing option (so
    /// <c>start -- -abc</c> asks for the name, not for --agent), then the rest, with the command's synopsis.</summary>
    public static string Describe(ParseResult parsed)
    {
        var command = parsed.CommandResult.Command;
        var errors = parsed.Errors;
        var missingArgument = command.Arguments.FirstOrDefault(a =>
            a.Arity.MinimumNumberOfValues > 0 && parsed.GetResult(a) is not ArgumentResult { Tokens.Count: > 0 });
        var message = missingArgument is not null
            ? $"missing <{missingArgument.Name}>"
            : errors.OrderBy(e => e.Message.StartsWith("Unrecognized") ? 0 : 1).Select(e => Plain(e.Message)).First();
        if (UnknownOption(command, errors) is { } unknown) return unknown;
        return $"{message}; usage: {Synopsis(command, full: true)}";
    }

    /// <summary>An option the command does not have: the closest one it has, and all of them.</summary>
    private static string? UnknownOption(Command command, IReadOnlyList<ParseError> errors)
    {
        if (!command.Parents.Any()) return null;
        var token = errors.Select(e => System.Text.RegularExpressions.Regex.Match(e.Message, @"^Unrecognized command or argument '(-.*)'\.$"))
            .FirstOrDefault(m => m.Success)?.Groups[1].Value;
        if (token is null) return null;
        var options = command.Options.Where(o => !o.Hidden && o.Name is not ("--help" or "--version")).ToList();
        var close = Closest(token.Split('=')[0], options.SelectMany(o => o.Aliases.Prepend(o.Name)).Where(a => a.StartsWith("--")));
        return $"unknown option {Tasks.Printable.Quote(token)}{(close is null ? "" : $" (did you mean '{close}'?)")}; " +
               $"{command.Name}'s options: {string.Join(", ", options.Select(o => o.Name))}; usage: {Synopsis(command, full: true)}";
    }

    private static string? Closest(string token, IEnumerable<string> names) => Tasks.Suggest.Closest(token, names);

    private static string Plain(string message)
    {
        // "Cannot parse argument 'abc' for option '--x' as expected type 'System.Int32'." names a .NET type.
        var m = System.Text.RegularExpressions.Regex.Match(message, @"^Cannot parse argument '(.*)' for option '(.*)' as expected type");
        if (m.Success) return $"{m.Groups[2].Value} needs a whole number, not {Tasks.Printable.Quote(m.Groups[1].Value)}";
        m = System.Text.RegularExpressions.Regex.Match(message, @"^Unrecognized command or argument '(.*)'\.$");
        if (m.Success) return $"unexpected {Tasks.Printable.Quote(m.Groups[1].Value)}";
        m = System.Text.RegularExpressions.Regex.Match(message, @"^Required argument missing for option: '(.*)'\.$");
        if (m.Success) return $"{m.Groups[1].Value} needs a value";
        if (message.StartsWith("Required command was not provided")) return "missing <command>";
        m = System.Text.RegularExpressions.Regex.Match(message, @"^Option '(.*)' is required\.$");
        if (m.Success) return $"{m.Groups[1].Value} is required";
        return message.TrimEnd('.');
    }

    private static IEnumerable<Command> Visible(RootCommand root) => root.Subcommands.Where(c => !c.Hidden);

    private static string Synopsis(Command c, bool full = false)
    {
        if (!c.Parents.Any()) return "shepherd <command> [options] (see shepherd help)";
        var sb = new StringBuilder($"{(full ? "shepherd " : "")}{c.Name}");
        foreach (var a in c.Arguments.Where(a => !a.Hidden)) sb.Append($" <{a.Name}>");
        foreach (var o in c.Options.Where(o => o.Required)) sb.Append($" {o.Name} <{o.Name.TrimStart('-')}>");
        if (c.Options.Any(o => !o.Required && !o.Hidden && o.Name is not ("--help" or "--version"))) sb.Append(" [options]");
        return sb.ToString();
    }

    private static string FirstSentence(string? text) => text is null ? "" : text.Split(". ")[0].TrimEnd('.');
}
