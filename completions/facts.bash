# bash completion for facts: commands, options and their values from this script; the names
# after who and when from the index, through facts
_facts_completion() {
    local cur=${COMP_WORDS[COMP_CWORD]} command= value_of= dashdash= word i
    local -a candidates=()
    local IFS=$'\n'
    for (( i = 1; i < COMP_CWORD; i++ )); do
        word=${COMP_WORDS[i]}
        if [[ -n $dashdash || $word == = ]]; then
            continue
        elif [[ -n $value_of ]]; then
            value_of=
            continue
        fi
        case "$command:$word" in
            :--corpus|:-c|:--lock-timeout|who:--type|who:-t|who:--limit|who:-n|who:--corpus|who:-c|who:--lock-timeout|who:--format|when:--from|when:--to|when:--anchor|when:--limit|when:-n|when:--corpus|when:-c|when:--lock-timeout|when:--format|search:--article|search:--from|search:--to|search:--limit|search:-n|search:--corpus|search:-c|search:--lock-timeout|search:--format|index:--corpus|index:-c|index:--lock-timeout|index:--format) value_of=$word ;;
            ?*:--) dashdash=1 ;;
            *:-?*) ;;
            :*) command=$word ;;
        esac
    done
    [[ $cur == = ]] && cur=
    if [[ -n $value_of ]]; then
        case "$value_of" in
            --type|-t) candidates=(person organization place group other) ;;
            --format) candidates=(auto table plain json nl) ;;
            *) return 0 ;;
        esac
    elif [[ -z $dashdash && $cur == -* ]]; then
        case "$command" in
            '') candidates=(--corpus -c --lock-timeout --keep-duplicates --version --install-completion --show-completion -h --help) ;;
            who) candidates=(--type -t --limit -n --chart --corpus -c --lock-timeout --keep-duplicates --json --nl --format -h --help) ;;
            when) candidates=(--from --to --anchor --limit -n --dated-only --chart --corpus -c --lock-timeout --keep-duplicates --json --nl --format -h --help) ;;
            search) candidates=(--article --from --to --limit -n --corpus -c --lock-timeout --keep-duplicates --json --nl --format -h --help) ;;
            index) candidates=(--rebuild --corpus -c --lock-timeout --keep-duplicates --json --nl --format -h --help) ;;
            *) return 0 ;;
        esac
    elif [[ -z $command ]]; then
        candidates=(who when search index)
    elif [[ $command == who || $command == when ]]; then
        COMPREPLY=( $( env COMP_WORDS="${COMP_WORDS[*]}" COMP_CWORD=$COMP_CWORD \
                       _FACTS_COMPLETE=complete_bash "$1" 2>/dev/null ) )
        return 0
    else
        return 0
    fi
    local candidate
    for candidate in "${candidates[@]}"; do
        [[ ${candidate,,} == "${cur,,}"* ]] && COMPREPLY+=("$candidate")
    done
    return 0
}

complete -o default -o nosort -F _facts_completion facts
