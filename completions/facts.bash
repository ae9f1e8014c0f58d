# bash completion for facts
_facts_completion() {
    local IFS=$'\n'
    COMPREPLY=( $( env COMP_WORDS="${COMP_WORDS[*]}" COMP_CWORD=$COMP_CWORD \
                   _FACTS_COMPLETE=complete_bash "$1" 2>/dev/null ) )
    return 0
}

complete -o default -o nosort -F _facts_completion facts
