using System.Text;

namespace Shepherd.Cli.Completion;

/// <summary><c>shepherd completion fish</c>: complete -c lines, task names from <c>shepherd __complete-names</c>.</summary>
internal static class FishScript
{
    public static string For(IReadOnlyList<CommandSpec> commands)
    {
        var sb = new StringBuilder("""
            # shepherd completion for fish. Load it with:  shepherd completion fish | source
            # or install it:  shepherd completion fish > ~/.config/fish/completions/shepherd.fish
            complete -c shepherd -f

            """);
        var all = string.Join(' ', commands.Select(c => c.Name).Append("help"));
        foreach (var c in commands)
            sb.Append($"complete -c shepherd -n 'not __fish_seen_subcommand_from {all}' -a {c.Name} -d '{Quote(c.Description)}'\n");
        sb.Append($"complete -c shepherd -n 'not __fish_seen_subcommand_from {all}' -a help -d 'Show a command''s options'\n");
        foreach (var c in commands)
        foreach (var option in c.Options)
        {
            var words = CommandSpec.ValueWords.FirstOrDefault(v => v.Option == option).Words;
            var value = option switch
            {
                "--dir" => " -r -a '(__fish_complete_directories)'",
                "--prompt-file" => " -r -F",
                _ when words is not null => $" -x -a '{words}'",
                _ => "",
            };
            sb.Append($"complete -c shepherd -n '__fish_seen_subcommand_from {c.Name}' -l {option[2..]}{value}\n");
        }
        var onTasks = string.Join(' ', commands.Where(c => c.TakesTaskName).Select(c => c.Name));
        sb.Append($"complete -c shepherd -n '__fish_seen_subcommand_from {onTasks}' -a '(shepherd __complete-names 2>/dev/null)'\n");
        sb.Append("complete -c shepherd -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'\n");
        sb.Append($"complete -c shepherd -n '__fish_seen_subcommand_from help' -a '{all}'\n");
        return sb.ToString();
    }

    private static string Quote(string text) => text.Replace("\\", "\\\\").Replace("'", "\\'");
}
