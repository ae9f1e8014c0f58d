# fish completion for facts: commands, options and their values from this script; the
# names after who and when from the index, in their order, most mentioned first
function __facts_complete
    set -l current (commandline -ct)
    set -l command
    set -l value_of
    set -l dashdash
    for word in (commandline -opc)[2..-1]
        if test -n "$dashdash"
            continue
        else if test -n "$value_of"
            set value_of
            continue
        end
        switch "$command:$word"
            case ':--corpus' ':-c' ':--lock-timeout' 'who:--type' 'who:-t' 'who:--limit' 'who:-n' 'who:--corpus' 'who:-c' 'who:--lock-timeout' 'who:--format' 'when:--from' 'when:--to' 'when:--anchor' 'when:--limit' 'when:-n' 'when:--corpus' 'when:-c' 'when:--lock-timeout' 'when:--format' 'search:--article' 'search:--from' 'search:--to' 'search:--limit' 'search:-n' 'search:--corpus' 'search:-c' 'search:--lock-timeout' 'search:--format' 'index:--corpus' 'index:-c' 'index:--lock-timeout' 'index:--format'
                set value_of $word
            case '?*:--'
                set dashdash 1
            case '*:-?*'
            case ':*'
                set command $word
        end
    end
    if test -n "$value_of"
        switch $value_of
            case '--type' '-t'
                printf '%s\n' person organization place group other
            case '--format'
                printf '%s\n' auto table plain json nl
            case '*'
                __fish_complete_path $current
        end
    else if test -z "$dashdash"; and string match -q -- '-*' $current
        switch "$command"
            case ''
                printf '%s\n' '--corpus	Article file or folder (repeatable). Default: $FACTS_CORPUS, else the bundled seeds.' '-c	Article file or folder (repeatable). Default: $FACTS_CORPUS, else the bundled seeds.' '--lock-timeout	Seconds to wait for another process\'s build of the same index. Default: $FACTS_LOCK_TIMEOUT, else 600.' '--keep-duplicates	Index every copy of a story; by default later copies (same or nearly the same text) fold into the earliest.' '--version	Show the version and exit.' '--install-completion	Install completion for the current shell.' '--show-completion	Show completion for the current shell, to copy it or customize the installation.' '-h	Show this message and exit.' '--help	Show this message and exit.'
            case who
                printf '%s\n' '--type	Only this type (repeatable): person, organization, place, group, other.' '-t	Only this type (repeatable): person, organization, place, group, other.' '--limit	At most this many rows or evidence sentences.' '-n	At most this many rows or evidence sentences.' '--chart	Draw how many fall in each day, week, month or year; with --json, the counts.' '--corpus	Article file or folder (repeatable). Default: $FACTS_CORPUS, else the bundled seeds.' '-c	Article file or folder (repeatable). Default: $FACTS_CORPUS, else the bundled seeds.' '--lock-timeout	Seconds to wait for another process\'s build of the same index. Default: $FACTS_LOCK_TIMEOUT, else 600.' '--keep-duplicates	Index every copy of a story; by default later copies (same or nearly the same text) fold into the earliest.' '--json	Print one JSON document.' '--nl	Print JSON Lines: one object per line.' '--format	Output format; auto is a table on a terminal, tab-separated otherwise.' '-h	Show this message and exit.' '--help	Show this message and exit.'
            case when
                printf '%s\n' '--from	Only dates on or after this (YYYY[-MM[-DD]]).' '--to	Only dates on or before this (YYYY[-MM[-DD]]).' '--anchor	Reference date for articles without one (YYYY[-MM[-DD]]).' '--limit	At most this many events.' '-n	At most this many events.' '--dated-only	Only sentences that say a date; none dated by the article\'s publication.' '--chart	Draw how many fall in each day, week, month or year; with --json, the counts.' '--corpus	Article file or folder (repeatable). Default: $FACTS_CORPUS, else the bundled seeds.' '-c	Article file or folder (repeatable). Default: $FACTS_CORPUS, else the bundled seeds.' '--lock-timeout	Seconds to wait for another process\'s build of the same index. Default: $FACTS_LOCK_TIMEOUT, else 600.' '--keep-duplicates	Index every copy of a story; by default later copies (same or nearly the same text) fold into the earliest.' '--json	Print one JSON document.' '--nl	Print JSON Lines: one object per line.' '--format	Output format; auto is a table on a terminal, tab-separated otherwise.' '-h	Show this message and exit.' '--help	Show this message and exit.'
            case search
                printf '%s\n' '--article	Only this article id.' '--from	Only dates on or after this (YYYY[-MM[-DD]]).' '--to	Only dates on or before this (YYYY[-MM[-DD]]).' '--limit	At most this many sentences.' '-n	At most this many sentences.' '--corpus	Article file or folder (repeatable). Default: $FACTS_CORPUS, else the bundled seeds.' '-c	Article file or folder (repeatable). Default: $FACTS_CORPUS, else the bundled seeds.' '--lock-timeout	Seconds to wait for another process\'s build of the same index. Default: $FACTS_LOCK_TIMEOUT, else 600.' '--keep-duplicates	Index every copy of a story; by default later copies (same or nearly the same text) fold into the earliest.' '--json	Print one JSON document.' '--nl	Print JSON Lines: one object per line.' '--format	Output format; auto is a table on a terminal, tab-separated otherwise.' '-h	Show this message and exit.' '--help	Show this message and exit.'
            case index
                printf '%s\n' '--rebuild	Build the index again from the articles.' '--corpus	Article file or folder (repeatable). Default: $FACTS_CORPUS, else the bundled seeds.' '-c	Article file or folder (repeatable). Default: $FACTS_CORPUS, else the bundled seeds.' '--lock-timeout	Seconds to wait for another process\'s build of the same index. Default: $FACTS_LOCK_TIMEOUT, else 600.' '--keep-duplicates	Index every copy of a story; by default later copies (same or nearly the same text) fold into the earliest.' '--json	Print one JSON document.' '--nl	Print JSON Lines: one object per line.' '--format	Output format; auto is a table on a terminal, tab-separated otherwise.' '-h	Show this message and exit.' '--help	Show this message and exit.'
        end
    else if test -z "$command"
        printf '%s\n' 'who	Who is this: full name, type, aliases, roles and where each is said.' 'when	When did it happen: a dated timeline, dates normalised to ISO.' 'search	Where is it said: sentences ranked best first, typos forgiven.' 'index	Show the index\'s state, or rebuild it.'
    else if contains -- $command who when
        set -l answer (env _FACTS_COMPLETE=complete_fish _TYPER_COMPLETE_FISH_ACTION=get-args _TYPER_COMPLETE_ARGS=(commandline -cp) facts 2>/dev/null)
        if string length -q -- $answer
            printf '%s\n' $answer
        else
            __fish_complete_path $current
        end
    else
        __fish_complete_path $current
    end
end

complete --command facts --no-files --keep-order --arguments '(__facts_complete)'
