# fish completion for facts: answers keep their order, most mentioned names first
function __facts_complete
    set -l answer (env _FACTS_COMPLETE=complete_fish _TYPER_COMPLETE_FISH_ACTION=get-args _TYPER_COMPLETE_ARGS=(commandline -cp) facts 2>/dev/null)
    if string length -q -- $answer
        printf '%s\n' $answer
    else
        __fish_complete_path (commandline -ct)
    end
end

complete --command facts --no-files --keep-order --arguments '(__facts_complete)'
