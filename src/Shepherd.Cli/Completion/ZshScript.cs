using System.Text;

namespace Shepherd.Cli.Completion;

/// <summary><c>shepherd completion zsh</c>: a native completion function (compdef), task names from
/// <c>shepherd __complete-names</c>.</summary>
internal static class ZshScript
{
    public static string For(IReadOnlyList<CommandSpec> commands)
    {
        var sb = new StringBuilder();
        sb.Append("""
            #compdef shepherd
            # shepherd completion for zsh. Load it with:  source <(shepherd completion zsh)
            # or save it as _shepherd in a directory on $fpath.
            _shepherd() {
                local -a commands opts
                commands=(

            """);
        foreach (var c in commands.Append(new CommandSpec("help", "Show a command's options", [], false)))
            sb.Append($"        '{c.Name}:{c.Description.Replace("'", "'\\''").Replace(":", "\\:")}'\n");
        sb.Append("""
                )
                if (( CURRENT == 2 )); then
                    _describe -t commands 'shepherd command' commands
                    return
                fi
                (( ${words[(I)--]} > 0 && ${words[(I)--]} < CURRENT )) && return
                case $words[CURRENT-1] in
                    --dir) _files -/; return ;;
                    --prompt-file) _files; return ;;

            """);
        foreach (var (option, words) in CommandSpec.ValueWords)
            sb.Append($"        {option}) compadd -- {words}; return ;;\n");
        sb.Append("""
                esac
                case $words[2] in

            """);
        foreach (var c in commands.Where(c => c.Options.Count > 0))
            sb.Append($"        {c.Name}) opts=({string.Join(' ', c.Options)}) ;;\n");
        var onTasks = string.Join('|', commands.Where(c => c.TakesTaskName).Select(c => c.Name));
        sb.Append($$"""
                esac
                if [[ $words[CURRENT] == -* ]]; then
                    compadd -- $opts --help
                    return
                fi
                case $words[2] in
                    {{onTasks}}) (( CURRENT == 3 )) && compadd -- ${(f)"$($words[1] __complete-names 2>/dev/null)"} ;;
                    completion) compadd -- bash zsh fish ;;
                    help) _describe -t commands 'shepherd command' commands ;;
                esac
            }
            if [[ $zsh_eval_context[-1] == loadautofunc ]]; then _shepherd "$@"; else compdef _shepherd shepherd; fi

            """);
        return sb.ToString();
    }
}
