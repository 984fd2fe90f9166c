using System.Text;

namespace Shepherd.Cli.Completion;

/// <summary><c>shepherd completion bash</c>: a completion function needing nothing but bash (no bash-completion
/// package). Task names come from <c>shepherd __complete-names</c>, run as the user typed shepherd.</summary>
internal static class BashScript
{
    public static string For(IReadOnlyList<CommandSpec> commands)
    {
        var names = string.Join(' ', commands.Select(c => c.Name).Append("help"));
        var sb = new StringBuilder();
        sb.Append($$"""
            # shepherd completion for bash. Load it with:  source <(shepherd completion bash)
            # or install it:  shepherd completion bash > ~/.local/share/bash-completion/completions/shepherd
            _shepherd() {
                local cur="${COMP_WORDS[COMP_CWORD]}" prev="" cmd=""
                (( COMP_CWORD > 0 )) && prev="${COMP_WORDS[COMP_CWORD-1]}"
                COMPREPLY=()
                if (( COMP_CWORD == 1 )); then
                    COMPREPLY=( $(compgen -W "{{names}}" -- "$cur") )
                    return 0
                fi
                cmd="${COMP_WORDS[1]}"
                local i
                for (( i = 2; i < COMP_CWORD; i++ )); do [[ "${COMP_WORDS[i]}" == "--" ]] && return 0; done
                case "$prev" in
                    --dir) COMPREPLY=( $(compgen -d -- "$cur") ); return 0 ;;
                    --prompt-file) COMPREPLY=( $(compgen -f -- "$cur") ); return 0 ;;

            """);
        foreach (var (option, words) in CommandSpec.ValueWords)
            sb.Append($"        {option}) COMPREPLY=( $(compgen -W \"{words}\" -- \"$cur\") ); return 0 ;;\n");
        sb.Append("""
                    --max-runtime|--backoff|--backoff-max|--max-restarts|--restart-window|--healthy-after|--timeout|--prompt) return 0 ;;
                esac
                local opts=""
                case "$cmd" in

            """);
        foreach (var c in commands.Where(c => c.Options.Count > 0))
            sb.Append($"        {c.Name}) opts=\"{string.Join(' ', c.Options)}\" ;;\n");
        var onTasks = string.Join('|', commands.Where(c => c.TakesTaskName).Select(c => c.Name));
        sb.Append($$"""
                esac
                if [[ "$cur" == -* ]]; then
                    COMPREPLY=( $(compgen -W "$opts --help" -- "$cur") )
                    return 0
                fi
                case "$cmd" in
                    {{onTasks}})
                        local words=0
                        for (( i = 2; i < COMP_CWORD; i++ )); do [[ "${COMP_WORDS[i]}" != -* ]] && words=$((words + 1)); done
                        (( words == 0 )) && COMPREPLY=( $(compgen -W "$("${COMP_WORDS[0]}" __complete-names 2>/dev/null)" -- "$cur") ) ;;
                    completion) COMPREPLY=( $(compgen -W "bash zsh fish" -- "$cur") ) ;;
                    help) COMPREPLY=( $(compgen -W "{{names}}" -- "$cur") ) ;;
                esac
                return 0
            }
            complete -F _shepherd shepherd

            """);
        return sb.ToString();
    }
}
