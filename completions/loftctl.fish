# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_loftctl_global_optspecs
    string join \n q/quiet v/verbose color= server= access-key= insecure insecure-http certificate-authority= config= kubeconfig= context= request-timeout= h/help V/version
end

function __fish_loftctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_loftctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_loftctl_using_subcommand
    set -l cmd (__fish_loftctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c loftctl -n "__fish_loftctl_needs_command" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c loftctl -n "__fish_loftctl_needs_command" -l server -d 'Loft URL (the /kubernetes/management suffix is added when missing)' -r
complete -c loftctl -n "__fish_loftctl_needs_command" -l access-key -d 'Access key sent as a Bearer token (never printed)' -r
complete -c loftctl -n "__fish_loftctl_needs_command" -l certificate-authority -d 'PEM file of the certificate authority that signed the server\'s certificate' -r -F
complete -c loftctl -n "__fish_loftctl_needs_command" -l config -d 'The loft CLI\'s config file [default: ~/.loft/config.json]' -r -F
complete -c loftctl -n "__fish_loftctl_needs_command" -l kubeconfig -d 'Use this kubeconfig file (selects the kubeconfig source)' -r -F
complete -c loftctl -n "__fish_loftctl_needs_command" -l context -d 'Use this kubeconfig context (selects the kubeconfig source)' -r
complete -c loftctl -n "__fish_loftctl_needs_command" -l request-timeout -d 'Bound on each request, e.g. 30s, 2m; 0 for none' -r
complete -c loftctl -n "__fish_loftctl_needs_command" -s q -l quiet -d 'Print only data and errors: no status lines, no progress'
complete -c loftctl -n "__fish_loftctl_needs_command" -s v -l verbose -d 'Log each request (method, URL, status, duration) to stderr, credentials masked'
complete -c loftctl -n "__fish_loftctl_needs_command" -l insecure -d 'Skip TLS certificate verification (insecure; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_needs_command" -l insecure-http -d 'Send the access key over plain http to a host that is not loopback (insecure: anyone on the path can read the key; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_needs_command" -s h -l help -d 'Print help'
complete -c loftctl -n "__fish_loftctl_needs_command" -s V -l version -d 'Print version'
complete -c loftctl -n "__fish_loftctl_needs_command" -f -a "login" -d 'Log in to a Loft server with an access key'
complete -c loftctl -n "__fish_loftctl_needs_command" -f -a "logout" -d 'Forget the access key saved by `loftctl login`'
complete -c loftctl -n "__fish_loftctl_needs_command" -f -a "whoami" -d 'Show who the access key belongs to'
complete -c loftctl -n "__fish_loftctl_needs_command" -f -a "user" -d 'Manage Loft users: create, get/list, edit, patch, apply, diff, delete, disable/enable'
complete -c loftctl -n "__fish_loftctl_needs_command" -f -a "token" -d 'Create DirectClusterEndpointTokens; decode and verify JWTs'
complete -c loftctl -n "__fish_loftctl_needs_command" -f -a "accesskey" -d 'Create, list and delete your access keys (scoped, expiring credentials for CI)'
complete -c loftctl -n "__fish_loftctl_needs_command" -f -a "validate" -d 'Validate User, DirectClusterEndpointToken and OwnedAccessKey manifests locally, without a server'
complete -c loftctl -n "__fish_loftctl_needs_command" -f -a "explain" -d 'Show the documentation of a kind or one of its fields (from the built-in schema)'
complete -c loftctl -n "__fish_loftctl_needs_command" -f -a "dev-server" -d 'Run a local emulator of the management API (for development, demos and CI)'
complete -c loftctl -n "__fish_loftctl_needs_command" -f -a "completion" -d 'Print a shell completion script'
complete -c loftctl -n "__fish_loftctl_needs_command" -f -a "version" -d 'Print loftctl\'s version'
complete -c loftctl -n "__fish_loftctl_using_subcommand login" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c loftctl -n "__fish_loftctl_using_subcommand login" -l server -d 'Loft URL (the /kubernetes/management suffix is added when missing)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand login" -l access-key -d 'Access key sent as a Bearer token (never printed)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand login" -l certificate-authority -d 'PEM file of the certificate authority that signed the server\'s certificate' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand login" -l config -d 'The loft CLI\'s config file [default: ~/.loft/config.json]' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand login" -l kubeconfig -d 'Use this kubeconfig file (selects the kubeconfig source)' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand login" -l context -d 'Use this kubeconfig context (selects the kubeconfig source)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand login" -l request-timeout -d 'Bound on each request, e.g. 30s, 2m; 0 for none' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand login" -l access-key-stdin -d 'Read the access key from stdin (for scripts)'
complete -c loftctl -n "__fish_loftctl_using_subcommand login" -s q -l quiet -d 'Print only data and errors: no status lines, no progress'
complete -c loftctl -n "__fish_loftctl_using_subcommand login" -s v -l verbose -d 'Log each request (method, URL, status, duration) to stderr, credentials masked'
complete -c loftctl -n "__fish_loftctl_using_subcommand login" -l insecure -d 'Skip TLS certificate verification (insecure; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand login" -l insecure-http -d 'Send the access key over plain http to a host that is not loopback (insecure: anyone on the path can read the key; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand login" -s h -l help -d 'Print help'
complete -c loftctl -n "__fish_loftctl_using_subcommand login" -s V -l version -d 'Print version'
complete -c loftctl -n "__fish_loftctl_using_subcommand logout" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c loftctl -n "__fish_loftctl_using_subcommand logout" -l server -d 'Loft URL (the /kubernetes/management suffix is added when missing)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand logout" -l access-key -d 'Access key sent as a Bearer token (never printed)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand logout" -l certificate-authority -d 'PEM file of the certificate authority that signed the server\'s certificate' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand logout" -l config -d 'The loft CLI\'s config file [default: ~/.loft/config.json]' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand logout" -l kubeconfig -d 'Use this kubeconfig file (selects the kubeconfig source)' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand logout" -l context -d 'Use this kubeconfig context (selects the kubeconfig source)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand logout" -l request-timeout -d 'Bound on each request, e.g. 30s, 2m; 0 for none' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand logout" -s q -l quiet -d 'Print only data and errors: no status lines, no progress'
complete -c loftctl -n "__fish_loftctl_using_subcommand logout" -s v -l verbose -d 'Log each request (method, URL, status, duration) to stderr, credentials masked'
complete -c loftctl -n "__fish_loftctl_using_subcommand logout" -l insecure -d 'Skip TLS certificate verification (insecure; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand logout" -l insecure-http -d 'Send the access key over plain http to a host that is not loopback (insecure: anyone on the path can read the key; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand logout" -s h -l help -d 'Print help'
complete -c loftctl -n "__fish_loftctl_using_subcommand logout" -s V -l version -d 'Print version'
complete -c loftctl -n "__fish_loftctl_using_subcommand whoami" -s o -l output -d 'Output format: text (default), json, yaml or jsonpath=TEMPLATE' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand whoami" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c loftctl -n "__fish_loftctl_using_subcommand whoami" -l server -d 'Loft URL (the /kubernetes/management suffix is added when missing)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand whoami" -l access-key -d 'Access key sent as a Bearer token (never printed)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand whoami" -l certificate-authority -d 'PEM file of the certificate authority that signed the server\'s certificate' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand whoami" -l config -d 'The loft CLI\'s config file [default: ~/.loft/config.json]' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand whoami" -l kubeconfig -d 'Use this kubeconfig file (selects the kubeconfig source)' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand whoami" -l context -d 'Use this kubeconfig context (selects the kubeconfig source)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand whoami" -l request-timeout -d 'Bound on each request, e.g. 30s, 2m; 0 for none' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand whoami" -s q -l quiet -d 'Print only data and errors: no status lines, no progress'
complete -c loftctl -n "__fish_loftctl_using_subcommand whoami" -s v -l verbose -d 'Log each request (method, URL, status, duration) to stderr, credentials masked'
complete -c loftctl -n "__fish_loftctl_using_subcommand whoami" -l insecure -d 'Skip TLS certificate verification (insecure; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand whoami" -l insecure-http -d 'Send the access key over plain http to a host that is not loopback (insecure: anyone on the path can read the key; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand whoami" -s h -l help -d 'Print help'
complete -c loftctl -n "__fish_loftctl_using_subcommand whoami" -s V -l version -d 'Print version'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and not __fish_seen_subcommand_from create get list ls edit patch apply diff delete disable enable access-keys" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and not __fish_seen_subcommand_from create get list ls edit patch apply diff delete disable enable access-keys" -l server -d 'Loft URL (the /kubernetes/management suffix is added when missing)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and not __fish_seen_subcommand_from create get list ls edit patch apply diff delete disable enable access-keys" -l access-key -d 'Access key sent as a Bearer token (never printed)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and not __fish_seen_subcommand_from create get list ls edit patch apply diff delete disable enable access-keys" -l certificate-authority -d 'PEM file of the certificate authority that signed the server\'s certificate' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and not __fish_seen_subcommand_from create get list ls edit patch apply diff delete disable enable access-keys" -l config -d 'The loft CLI\'s config file [default: ~/.loft/config.json]' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and not __fish_seen_subcommand_from create get list ls edit patch apply diff delete disable enable access-keys" -l kubeconfig -d 'Use this kubeconfig file (selects the kubeconfig source)' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and not __fish_seen_subcommand_from create get list ls edit patch apply diff delete disable enable access-keys" -l context -d 'Use this kubeconfig context (selects the kubeconfig source)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and not __fish_seen_subcommand_from create get list ls edit patch apply diff delete disable enable access-keys" -l request-timeout -d 'Bound on each request, e.g. 30s, 2m; 0 for none' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and not __fish_seen_subcommand_from create get list ls edit patch apply diff delete disable enable access-keys" -s q -l quiet -d 'Print only data and errors: no status lines, no progress'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and not __fish_seen_subcommand_from create get list ls edit patch apply diff delete disable enable access-keys" -s v -l verbose -d 'Log each request (method, URL, status, duration) to stderr, credentials masked'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and not __fish_seen_subcommand_from create get list ls edit patch apply diff delete disable enable access-keys" -l insecure -d 'Skip TLS certificate verification (insecure; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and not __fish_seen_subcommand_from create get list ls edit patch apply diff delete disable enable access-keys" -l insecure-http -d 'Send the access key over plain http to a host that is not loopback (insecure: anyone on the path can read the key; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and not __fish_seen_subcommand_from create get list ls edit patch apply diff delete disable enable access-keys" -s h -l help -d 'Print help'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and not __fish_seen_subcommand_from create get list ls edit patch apply diff delete disable enable access-keys" -s V -l version -d 'Print version'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and not __fish_seen_subcommand_from create get list ls edit patch apply diff delete disable enable access-keys" -f -a "create" -d 'Create users from flags or from manifests'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and not __fish_seen_subcommand_from create get list ls edit patch apply diff delete disable enable access-keys" -f -a "get" -d 'Show users: by name, by label selector, or all'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and not __fish_seen_subcommand_from create get list ls edit patch apply diff delete disable enable access-keys" -f -a "list" -d 'List users (the same as `user get` without names)'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and not __fish_seen_subcommand_from create get list ls edit patch apply diff delete disable enable access-keys" -f -a "ls" -d 'List users (the same as `user get` without names)'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and not __fish_seen_subcommand_from create get list ls edit patch apply diff delete disable enable access-keys" -f -a "edit" -d 'Edit a user in your editor ($LOFT_EDITOR, $KUBE_EDITOR, $VISUAL, $EDITOR, else vi)'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and not __fish_seen_subcommand_from create get list ls edit patch apply diff delete disable enable access-keys" -f -a "patch" -d 'Patch a user with a JSON merge patch or a JSON patch, checked locally first'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and not __fish_seen_subcommand_from create get list ls edit patch apply diff delete disable enable access-keys" -f -a "apply" -d 'Create or update users from manifests (server-side apply; idempotent)'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and not __fish_seen_subcommand_from create get list ls edit patch apply diff delete disable enable access-keys" -f -a "diff" -d 'Show what `user apply` would change, as a unified diff per user (exit 9 if anything)'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and not __fish_seen_subcommand_from create get list ls edit patch apply diff delete disable enable access-keys" -f -a "delete" -d 'Delete users (asks first on a terminal; needs --yes in scripts)'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and not __fish_seen_subcommand_from create get list ls edit patch apply diff delete disable enable access-keys" -f -a "disable" -d 'Disable users (spec.disabled: true): they can no longer log in'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and not __fish_seen_subcommand_from create get list ls edit patch apply diff delete disable enable access-keys" -f -a "enable" -d 'Enable users again (spec.disabled: false)'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and not __fish_seen_subcommand_from create get list ls edit patch apply diff delete disable enable access-keys" -f -a "access-keys" -d 'Show a user\'s access keys (never the keys themselves)'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from create" -s f -l filename -d 'A manifest file, a directory (read recursively for *.yaml, *.yml, *.json) or - for stdin; repeatable. Multi-document YAML, JSON, kind: List' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from create" -l email -d 'spec.email' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from create" -l display-name -d 'spec.displayName' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from create" -l username -d 'spec.username (the login name)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from create" -l subject -d 'spec.subject (the name in Kubernetes RBAC)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from create" -l description -d 'spec.description' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from create" -l group -d 'Add to spec.groups (repeatable)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from create" -l cluster-role -d 'Add to spec.clusterRoles (repeatable)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from create" -l label -d 'Add a label KEY=VALUE (repeatable)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from create" -l annotation -d 'Add an annotation KEY=VALUE (repeatable)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from create" -l dry-run -d 'none: do it; client: send no write, print what would be done; server: let the server check everything and persist nothing (dryRun=All)' -r -f -a "none\t'Really do it'
client\t'Send no write: validate and print what would be done'
server\t'Send the writes with dryRun=All: the server checks them and persists nothing'"
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from create" -l concurrency -d 'How many requests run at once' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from create" -s o -l output -d 'Output: name (user.management.loft.sh/NAME), json or yaml (the resulting objects)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from create" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from create" -l server -d 'Loft URL (the /kubernetes/management suffix is added when missing)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from create" -l access-key -d 'Access key sent as a Bearer token (never printed)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from create" -l certificate-authority -d 'PEM file of the certificate authority that signed the server\'s certificate' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from create" -l config -d 'The loft CLI\'s config file [default: ~/.loft/config.json]' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from create" -l kubeconfig -d 'Use this kubeconfig file (selects the kubeconfig source)' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from create" -l context -d 'Use this kubeconfig context (selects the kubeconfig source)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from create" -l request-timeout -d 'Bound on each request, e.g. 30s, 2m; 0 for none' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from create" -l disabled -d 'Create the user disabled (spec.disabled: true)'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print only data and errors: no status lines, no progress'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from create" -s v -l verbose -d 'Log each request (method, URL, status, duration) to stderr, credentials masked'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from create" -l insecure -d 'Skip TLS certificate verification (insecure; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from create" -l insecure-http -d 'Send the access key over plain http to a host that is not loopback (insecure: anyone on the path can read the key; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from get" -s l -l selector -d 'Label selector, e.g. team=platform,env!=dev' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from get" -s o -l output -d 'Output format: table, wide, yaml, json, name or jsonpath=TEMPLATE' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from get" -l chunk-size -d 'Users fetched per request (0: all in one request)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from get" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from get" -l server -d 'Loft URL (the /kubernetes/management suffix is added when missing)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from get" -l access-key -d 'Access key sent as a Bearer token (never printed)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from get" -l certificate-authority -d 'PEM file of the certificate authority that signed the server\'s certificate' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from get" -l config -d 'The loft CLI\'s config file [default: ~/.loft/config.json]' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from get" -l kubeconfig -d 'Use this kubeconfig file (selects the kubeconfig source)' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from get" -l context -d 'Use this kubeconfig context (selects the kubeconfig source)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from get" -l request-timeout -d 'Bound on each request, e.g. 30s, 2m; 0 for none' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from get" -l no-headers -d 'Leave out the table header'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from get" -l show-managed-fields -d 'Keep metadata.managedFields in yaml/json output'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from get" -s w -l watch -d 'After the list, print every change until interrupted'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from get" -s q -l quiet -d 'Print only data and errors: no status lines, no progress'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from get" -s v -l verbose -d 'Log each request (method, URL, status, duration) to stderr, credentials masked'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from get" -l insecure -d 'Skip TLS certificate verification (insecure; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from get" -l insecure-http -d 'Send the access key over plain http to a host that is not loopback (insecure: anyone on the path can read the key; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from list" -s l -l selector -d 'Label selector, e.g. team=platform,env!=dev' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: table, wide, yaml, json, name or jsonpath=TEMPLATE' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from list" -l chunk-size -d 'Users fetched per request (0: all in one request)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from list" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from list" -l server -d 'Loft URL (the /kubernetes/management suffix is added when missing)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from list" -l access-key -d 'Access key sent as a Bearer token (never printed)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from list" -l certificate-authority -d 'PEM file of the certificate authority that signed the server\'s certificate' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from list" -l config -d 'The loft CLI\'s config file [default: ~/.loft/config.json]' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from list" -l kubeconfig -d 'Use this kubeconfig file (selects the kubeconfig source)' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from list" -l context -d 'Use this kubeconfig context (selects the kubeconfig source)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from list" -l request-timeout -d 'Bound on each request, e.g. 30s, 2m; 0 for none' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from list" -l no-headers -d 'Leave out the table header'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from list" -l show-managed-fields -d 'Keep metadata.managedFields in yaml/json output'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from list" -s w -l watch -d 'After the list, print every change until interrupted'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors: no status lines, no progress'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Log each request (method, URL, status, duration) to stderr, credentials masked'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from list" -l insecure -d 'Skip TLS certificate verification (insecure; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from list" -l insecure-http -d 'Send the access key over plain http to a host that is not loopback (insecure: anyone on the path can read the key; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from ls" -s l -l selector -d 'Label selector, e.g. team=platform,env!=dev' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from ls" -s o -l output -d 'Output format: table, wide, yaml, json, name or jsonpath=TEMPLATE' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from ls" -l chunk-size -d 'Users fetched per request (0: all in one request)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from ls" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from ls" -l server -d 'Loft URL (the /kubernetes/management suffix is added when missing)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from ls" -l access-key -d 'Access key sent as a Bearer token (never printed)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from ls" -l certificate-authority -d 'PEM file of the certificate authority that signed the server\'s certificate' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from ls" -l config -d 'The loft CLI\'s config file [default: ~/.loft/config.json]' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from ls" -l kubeconfig -d 'Use this kubeconfig file (selects the kubeconfig source)' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from ls" -l context -d 'Use this kubeconfig context (selects the kubeconfig source)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from ls" -l request-timeout -d 'Bound on each request, e.g. 30s, 2m; 0 for none' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from ls" -l no-headers -d 'Leave out the table header'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from ls" -l show-managed-fields -d 'Keep metadata.managedFields in yaml/json output'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from ls" -s w -l watch -d 'After the list, print every change until interrupted'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only data and errors: no status lines, no progress'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Log each request (method, URL, status, duration) to stderr, credentials masked'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from ls" -l insecure -d 'Skip TLS certificate verification (insecure; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from ls" -l insecure-http -d 'Send the access key over plain http to a host that is not loopback (insecure: anyone on the path can read the key; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from edit" -l dry-run -d 'none: do it; client: send no write, print what would be done; server: let the server check everything and persist nothing (dryRun=All)' -r -f -a "none\t'Really do it'
client\t'Send no write: validate and print what would be done'
server\t'Send the writes with dryRun=All: the server checks them and persists nothing'"
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from edit" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from edit" -l server -d 'Loft URL (the /kubernetes/management suffix is added when missing)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from edit" -l access-key -d 'Access key sent as a Bearer token (never printed)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from edit" -l certificate-authority -d 'PEM file of the certificate authority that signed the server\'s certificate' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from edit" -l config -d 'The loft CLI\'s config file [default: ~/.loft/config.json]' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from edit" -l kubeconfig -d 'Use this kubeconfig file (selects the kubeconfig source)' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from edit" -l context -d 'Use this kubeconfig context (selects the kubeconfig source)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from edit" -l request-timeout -d 'Bound on each request, e.g. 30s, 2m; 0 for none' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from edit" -s q -l quiet -d 'Print only data and errors: no status lines, no progress'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from edit" -s v -l verbose -d 'Log each request (method, URL, status, duration) to stderr, credentials masked'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from edit" -l insecure -d 'Skip TLS certificate verification (insecure; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from edit" -l insecure-http -d 'Send the access key over plain http to a host that is not loopback (insecure: anyone on the path can read the key; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from edit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from edit" -s V -l version -d 'Print version'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from patch" -s p -l patch -d 'The patch, as JSON or YAML' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from patch" -l patch-file -d 'Read the patch from this file (`-` for stdin)' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from patch" -l type -d 'merge: JSON merge patch (RFC 7386); json: JSON patch (RFC 6902)' -r -f -a "merge\t'JSON merge patch (RFC 7386)'
json\t'JSON patch (RFC 6902): a list of operations'"
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from patch" -l dry-run -d 'none: do it; client: send no write, print what would be done; server: let the server check everything and persist nothing (dryRun=All)' -r -f -a "none\t'Really do it'
client\t'Send no write: validate and print what would be done'
server\t'Send the writes with dryRun=All: the server checks them and persists nothing'"
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from patch" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from patch" -l server -d 'Loft URL (the /kubernetes/management suffix is added when missing)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from patch" -l access-key -d 'Access key sent as a Bearer token (never printed)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from patch" -l certificate-authority -d 'PEM file of the certificate authority that signed the server\'s certificate' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from patch" -l config -d 'The loft CLI\'s config file [default: ~/.loft/config.json]' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from patch" -l kubeconfig -d 'Use this kubeconfig file (selects the kubeconfig source)' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from patch" -l context -d 'Use this kubeconfig context (selects the kubeconfig source)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from patch" -l request-timeout -d 'Bound on each request, e.g. 30s, 2m; 0 for none' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from patch" -s q -l quiet -d 'Print only data and errors: no status lines, no progress'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from patch" -s v -l verbose -d 'Log each request (method, URL, status, duration) to stderr, credentials masked'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from patch" -l insecure -d 'Skip TLS certificate verification (insecure; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from patch" -l insecure-http -d 'Send the access key over plain http to a host that is not loopback (insecure: anyone on the path can read the key; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from patch" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from patch" -s V -l version -d 'Print version'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from apply" -s l -l selector -d 'With --prune: the users the input owns (e.g. managed-by=ci)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from apply" -l dry-run -d 'none: do it; client: send no write, print what would be done; server: let the server check everything and persist nothing (dryRun=All)' -r -f -a "none\t'Really do it'
client\t'Send no write: validate and print what would be done'
server\t'Send the writes with dryRun=All: the server checks them and persists nothing'"
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from apply" -l concurrency -d 'How many requests run at once' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from apply" -s o -l output -d 'Output: name (user.management.loft.sh/NAME), json or yaml (the resulting objects)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from apply" -s f -l filename -d 'A manifest file, a directory (read recursively for *.yaml, *.yml, *.json) or - for stdin; repeatable. Multi-document YAML, JSON, kind: List' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from apply" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from apply" -l server -d 'Loft URL (the /kubernetes/management suffix is added when missing)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from apply" -l access-key -d 'Access key sent as a Bearer token (never printed)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from apply" -l certificate-authority -d 'PEM file of the certificate authority that signed the server\'s certificate' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from apply" -l config -d 'The loft CLI\'s config file [default: ~/.loft/config.json]' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from apply" -l kubeconfig -d 'Use this kubeconfig file (selects the kubeconfig source)' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from apply" -l context -d 'Use this kubeconfig context (selects the kubeconfig source)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from apply" -l request-timeout -d 'Bound on each request, e.g. 30s, 2m; 0 for none' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from apply" -l force-conflicts -d 'Take over fields another field manager owns (instead of failing with a conflict)'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from apply" -l prune -d 'After applying, delete the users matching -l SELECTOR that the input does not name'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from apply" -s y -l yes -d 'With --prune: do not ask before deleting'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from apply" -s q -l quiet -d 'Print only data and errors: no status lines, no progress'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from apply" -s v -l verbose -d 'Log each request (method, URL, status, duration) to stderr, credentials masked'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from apply" -l insecure -d 'Skip TLS certificate verification (insecure; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from apply" -l insecure-http -d 'Send the access key over plain http to a host that is not loopback (insecure: anyone on the path can read the key; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from apply" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from apply" -s V -l version -d 'Print version'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from diff" -s l -l selector -d 'With --prune: the users the input owns (e.g. managed-by=ci)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from diff" -l concurrency -d 'How many requests run at once' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from diff" -s o -l output -d 'Output: json, a list of {name, action, patch} (an RFC 6902 patch from the live user to the result; create and delete: one add/remove at the root); a unified diff when not given' -r -f -a "json\t''"
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from diff" -s f -l filename -d 'A manifest file, a directory (read recursively for *.yaml, *.yml, *.json) or - for stdin; repeatable. Multi-document YAML, JSON, kind: List' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from diff" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from diff" -l server -d 'Loft URL (the /kubernetes/management suffix is added when missing)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from diff" -l access-key -d 'Access key sent as a Bearer token (never printed)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from diff" -l certificate-authority -d 'PEM file of the certificate authority that signed the server\'s certificate' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from diff" -l config -d 'The loft CLI\'s config file [default: ~/.loft/config.json]' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from diff" -l kubeconfig -d 'Use this kubeconfig file (selects the kubeconfig source)' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from diff" -l context -d 'Use this kubeconfig context (selects the kubeconfig source)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from diff" -l request-timeout -d 'Bound on each request, e.g. 30s, 2m; 0 for none' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from diff" -l prune -d 'Also show the users matching -l SELECTOR that the input does not name (deleted by `apply --prune`)'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from diff" -l force-conflicts -d 'Show the result of taking over fields another field manager owns'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from diff" -s q -l quiet -d 'Print only data and errors: no status lines, no progress'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from diff" -s v -l verbose -d 'Log each request (method, URL, status, duration) to stderr, credentials masked'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from diff" -l insecure -d 'Skip TLS certificate verification (insecure; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from diff" -l insecure-http -d 'Send the access key over plain http to a host that is not loopback (insecure: anyone on the path can read the key; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from diff" -s h -l help -d 'Print help'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from diff" -s V -l version -d 'Print version'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from delete" -s l -l selector -d 'Delete the users matching this label selector (e.g. team=old,env!=prod)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from delete" -l timeout -d 'How long --wait waits for each user' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from delete" -l dry-run -d 'none: do it; client: send no write, print what would be done; server: let the server check everything and persist nothing (dryRun=All)' -r -f -a "none\t'Really do it'
client\t'Send no write: validate and print what would be done'
server\t'Send the writes with dryRun=All: the server checks them and persists nothing'"
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from delete" -l concurrency -d 'How many requests run at once' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output: name (user.management.loft.sh/NAME), json or yaml (the resulting objects)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from delete" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from delete" -l server -d 'Loft URL (the /kubernetes/management suffix is added when missing)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from delete" -l access-key -d 'Access key sent as a Bearer token (never printed)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from delete" -l certificate-authority -d 'PEM file of the certificate authority that signed the server\'s certificate' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from delete" -l config -d 'The loft CLI\'s config file [default: ~/.loft/config.json]' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from delete" -l kubeconfig -d 'Use this kubeconfig file (selects the kubeconfig source)' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from delete" -l context -d 'Use this kubeconfig context (selects the kubeconfig source)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from delete" -l request-timeout -d 'Bound on each request, e.g. 30s, 2m; 0 for none' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from delete" -l all -d 'Delete every user'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from delete" -l ignore-not-found -d 'A user that does not exist is not an error'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from delete" -l wait -d 'Wait until each user is gone'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print only data and errors: no status lines, no progress'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'Log each request (method, URL, status, duration) to stderr, credentials masked'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from delete" -l insecure -d 'Skip TLS certificate verification (insecure; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from delete" -l insecure-http -d 'Send the access key over plain http to a host that is not loopback (insecure: anyone on the path can read the key; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from disable" -l dry-run -d 'none: do it; client: send no write, print what would be done; server: let the server check everything and persist nothing (dryRun=All)' -r -f -a "none\t'Really do it'
client\t'Send no write: validate and print what would be done'
server\t'Send the writes with dryRun=All: the server checks them and persists nothing'"
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from disable" -l concurrency -d 'How many requests run at once' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from disable" -s o -l output -d 'Output: name (user.management.loft.sh/NAME), json or yaml (the resulting objects)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from disable" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from disable" -l server -d 'Loft URL (the /kubernetes/management suffix is added when missing)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from disable" -l access-key -d 'Access key sent as a Bearer token (never printed)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from disable" -l certificate-authority -d 'PEM file of the certificate authority that signed the server\'s certificate' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from disable" -l config -d 'The loft CLI\'s config file [default: ~/.loft/config.json]' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from disable" -l kubeconfig -d 'Use this kubeconfig file (selects the kubeconfig source)' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from disable" -l context -d 'Use this kubeconfig context (selects the kubeconfig source)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from disable" -l request-timeout -d 'Bound on each request, e.g. 30s, 2m; 0 for none' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from disable" -s q -l quiet -d 'Print only data and errors: no status lines, no progress'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from disable" -s v -l verbose -d 'Log each request (method, URL, status, duration) to stderr, credentials masked'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from disable" -l insecure -d 'Skip TLS certificate verification (insecure; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from disable" -l insecure-http -d 'Send the access key over plain http to a host that is not loopback (insecure: anyone on the path can read the key; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from disable" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from disable" -s V -l version -d 'Print version'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from enable" -l dry-run -d 'none: do it; client: send no write, print what would be done; server: let the server check everything and persist nothing (dryRun=All)' -r -f -a "none\t'Really do it'
client\t'Send no write: validate and print what would be done'
server\t'Send the writes with dryRun=All: the server checks them and persists nothing'"
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from enable" -l concurrency -d 'How many requests run at once' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from enable" -s o -l output -d 'Output: name (user.management.loft.sh/NAME), json or yaml (the resulting objects)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from enable" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from enable" -l server -d 'Loft URL (the /kubernetes/management suffix is added when missing)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from enable" -l access-key -d 'Access key sent as a Bearer token (never printed)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from enable" -l certificate-authority -d 'PEM file of the certificate authority that signed the server\'s certificate' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from enable" -l config -d 'The loft CLI\'s config file [default: ~/.loft/config.json]' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from enable" -l kubeconfig -d 'Use this kubeconfig file (selects the kubeconfig source)' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from enable" -l context -d 'Use this kubeconfig context (selects the kubeconfig source)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from enable" -l request-timeout -d 'Bound on each request, e.g. 30s, 2m; 0 for none' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from enable" -s q -l quiet -d 'Print only data and errors: no status lines, no progress'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from enable" -s v -l verbose -d 'Log each request (method, URL, status, duration) to stderr, credentials masked'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from enable" -l insecure -d 'Skip TLS certificate verification (insecure; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from enable" -l insecure-http -d 'Send the access key over plain http to a host that is not loopback (insecure: anyone on the path can read the key; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from enable" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from enable" -s V -l version -d 'Print version'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from access-keys" -s o -l output -d 'Output format: table, wide, yaml, json, name or jsonpath=TEMPLATE' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from access-keys" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from access-keys" -l server -d 'Loft URL (the /kubernetes/management suffix is added when missing)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from access-keys" -l access-key -d 'Access key sent as a Bearer token (never printed)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from access-keys" -l certificate-authority -d 'PEM file of the certificate authority that signed the server\'s certificate' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from access-keys" -l config -d 'The loft CLI\'s config file [default: ~/.loft/config.json]' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from access-keys" -l kubeconfig -d 'Use this kubeconfig file (selects the kubeconfig source)' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from access-keys" -l context -d 'Use this kubeconfig context (selects the kubeconfig source)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from access-keys" -l request-timeout -d 'Bound on each request, e.g. 30s, 2m; 0 for none' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from access-keys" -l no-headers -d 'Leave out the table header'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from access-keys" -l show-managed-fields -d 'Keep metadata.managedFields in yaml/json output'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from access-keys" -s q -l quiet -d 'Print only data and errors: no status lines, no progress'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from access-keys" -s v -l verbose -d 'Log each request (method, URL, status, duration) to stderr, credentials masked'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from access-keys" -l insecure -d 'Skip TLS certificate verification (insecure; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from access-keys" -l insecure-http -d 'Send the access key over plain http to a host that is not loopback (insecure: anyone on the path can read the key; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from access-keys" -s h -l help -d 'Print help'
complete -c loftctl -n "__fish_loftctl_using_subcommand user; and __fish_seen_subcommand_from access-keys" -s V -l version -d 'Print version'
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and not __fish_seen_subcommand_from create decode" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and not __fish_seen_subcommand_from create decode" -l server -d 'Loft URL (the /kubernetes/management suffix is added when missing)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and not __fish_seen_subcommand_from create decode" -l access-key -d 'Access key sent as a Bearer token (never printed)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and not __fish_seen_subcommand_from create decode" -l certificate-authority -d 'PEM file of the certificate authority that signed the server\'s certificate' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and not __fish_seen_subcommand_from create decode" -l config -d 'The loft CLI\'s config file [default: ~/.loft/config.json]' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and not __fish_seen_subcommand_from create decode" -l kubeconfig -d 'Use this kubeconfig file (selects the kubeconfig source)' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and not __fish_seen_subcommand_from create decode" -l context -d 'Use this kubeconfig context (selects the kubeconfig source)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and not __fish_seen_subcommand_from create decode" -l request-timeout -d 'Bound on each request, e.g. 30s, 2m; 0 for none' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and not __fish_seen_subcommand_from create decode" -s q -l quiet -d 'Print only data and errors: no status lines, no progress'
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and not __fish_seen_subcommand_from create decode" -s v -l verbose -d 'Log each request (method, URL, status, duration) to stderr, credentials masked'
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and not __fish_seen_subcommand_from create decode" -l insecure -d 'Skip TLS certificate verification (insecure; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and not __fish_seen_subcommand_from create decode" -l insecure-http -d 'Send the access key over plain http to a host that is not loopback (insecure: anyone on the path can read the key; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and not __fish_seen_subcommand_from create decode" -s h -l help -d 'Print help'
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and not __fish_seen_subcommand_from create decode" -s V -l version -d 'Print version'
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and not __fish_seen_subcommand_from create decode" -f -a "create" -d 'Create a short-lived, scoped DirectClusterEndpointToken (a JWT)'
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and not __fish_seen_subcommand_from create decode" -f -a "decode" -d 'Decode a JWT: header, claims, loft.sh scope, times; verify it with --key'
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and __fish_seen_subcommand_from create" -l ttl -d 'Lifetime: 90m, 1h, 1d, 1w, 1h30m or seconds; 0 and negative values are refused [default: the server\'s]' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and __fish_seen_subcommand_from create" -l project -d 'Allow this project (* for all projects); repeatable' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and __fish_seen_subcommand_from create" -l space -d 'Allow this space of a project (PROJECT/* for all of them); repeatable' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and __fish_seen_subcommand_from create" -l virtual-cluster -d 'Allow this virtual cluster of a project (PROJECT/* for all of them); repeatable' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and __fish_seen_subcommand_from create" -l cluster -d 'Allow this cluster (* for all clusters); repeatable' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and __fish_seen_subcommand_from create" -l role -d 'Grant this role: agent, loft-cli, network-peer, vcluster, runner (up to 4.10), workspace (4.3+), metrics-reader or metrics-writer (4.11); repeatable. The server\'s schema says which it accepts' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and __fish_seen_subcommand_from create" -s f -l filename -d 'Read the DirectClusterEndpointToken from this manifest (YAML or JSON; - for stdin)' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and __fish_seen_subcommand_from create" -s o -l output -d 'Output: token (the bare JWT), json, yaml (the returned object), claims (decoded), exec-credential (for a kubeconfig exec plugin)' -r -f -a "token\t'The bare JWT and a newline'
json\t'The whole returned object as JSON'
yaml\t'The whole returned object as YAML'
claims\t'The decoded token, as `token decode` prints it'
exec-credential\t'A client.authentication.k8s.io/v1 ExecCredential, for a kubeconfig exec plugin'"
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and __fish_seen_subcommand_from create" -l dry-run -d 'none: do it; client: send no write, print what would be done; server: let the server check everything and persist nothing (dryRun=All)' -r -f -a "none\t'Really do it'
client\t'Send no write: validate and print what would be done'
server\t'Send the writes with dryRun=All: the server checks them and persists nothing'"
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and __fish_seen_subcommand_from create" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and __fish_seen_subcommand_from create" -l server -d 'Loft URL (the /kubernetes/management suffix is added when missing)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and __fish_seen_subcommand_from create" -l access-key -d 'Access key sent as a Bearer token (never printed)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and __fish_seen_subcommand_from create" -l certificate-authority -d 'PEM file of the certificate authority that signed the server\'s certificate' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and __fish_seen_subcommand_from create" -l config -d 'The loft CLI\'s config file [default: ~/.loft/config.json]' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and __fish_seen_subcommand_from create" -l kubeconfig -d 'Use this kubeconfig file (selects the kubeconfig source)' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and __fish_seen_subcommand_from create" -l context -d 'Use this kubeconfig context (selects the kubeconfig source)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and __fish_seen_subcommand_from create" -l request-timeout -d 'Bound on each request, e.g. 30s, 2m; 0 for none' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and __fish_seen_subcommand_from create" -l cache -d 'With -o exec-credential: reuse a token from the user\'s cache folder until 5 minutes before it expires (one file per server, access key and scope, mode 0600)'
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print only data and errors: no status lines, no progress'
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and __fish_seen_subcommand_from create" -s v -l verbose -d 'Log each request (method, URL, status, duration) to stderr, credentials masked'
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and __fish_seen_subcommand_from create" -l insecure -d 'Skip TLS certificate verification (insecure; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and __fish_seen_subcommand_from create" -l insecure-http -d 'Send the access key over plain http to a host that is not loopback (insecure: anyone on the path can read the key; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and __fish_seen_subcommand_from decode" -l key -d 'Verify the signature with this key: PEM public key (RSA, EC), certificate, private key, or JWK set' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and __fish_seen_subcommand_from decode" -s o -l output -d 'Output format' -r -f -a "text\t'Header, claims, loft.sh scope, times, signature'
json\t'{"header", "claims", "verified", "expired", "expiresAt"}'"
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and __fish_seen_subcommand_from decode" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and __fish_seen_subcommand_from decode" -l server -d 'Loft URL (the /kubernetes/management suffix is added when missing)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and __fish_seen_subcommand_from decode" -l access-key -d 'Access key sent as a Bearer token (never printed)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and __fish_seen_subcommand_from decode" -l certificate-authority -d 'PEM file of the certificate authority that signed the server\'s certificate' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and __fish_seen_subcommand_from decode" -l config -d 'The loft CLI\'s config file [default: ~/.loft/config.json]' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and __fish_seen_subcommand_from decode" -l kubeconfig -d 'Use this kubeconfig file (selects the kubeconfig source)' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and __fish_seen_subcommand_from decode" -l context -d 'Use this kubeconfig context (selects the kubeconfig source)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and __fish_seen_subcommand_from decode" -l request-timeout -d 'Bound on each request, e.g. 30s, 2m; 0 for none' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and __fish_seen_subcommand_from decode" -l check -d 'Exit 8 unless the token is valid now (and its signature verifies, with --key)'
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and __fish_seen_subcommand_from decode" -s q -l quiet -d 'Print only data and errors: no status lines, no progress'
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and __fish_seen_subcommand_from decode" -s v -l verbose -d 'Log each request (method, URL, status, duration) to stderr, credentials masked'
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and __fish_seen_subcommand_from decode" -l insecure -d 'Skip TLS certificate verification (insecure; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and __fish_seen_subcommand_from decode" -l insecure-http -d 'Send the access key over plain http to a host that is not loopback (insecure: anyone on the path can read the key; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and __fish_seen_subcommand_from decode" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c loftctl -n "__fish_loftctl_using_subcommand token; and __fish_seen_subcommand_from decode" -s V -l version -d 'Print version'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and not __fish_seen_subcommand_from create get list ls delete" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and not __fish_seen_subcommand_from create get list ls delete" -l server -d 'Loft URL (the /kubernetes/management suffix is added when missing)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and not __fish_seen_subcommand_from create get list ls delete" -l access-key -d 'Access key sent as a Bearer token (never printed)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and not __fish_seen_subcommand_from create get list ls delete" -l certificate-authority -d 'PEM file of the certificate authority that signed the server\'s certificate' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and not __fish_seen_subcommand_from create get list ls delete" -l config -d 'The loft CLI\'s config file [default: ~/.loft/config.json]' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and not __fish_seen_subcommand_from create get list ls delete" -l kubeconfig -d 'Use this kubeconfig file (selects the kubeconfig source)' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and not __fish_seen_subcommand_from create get list ls delete" -l context -d 'Use this kubeconfig context (selects the kubeconfig source)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and not __fish_seen_subcommand_from create get list ls delete" -l request-timeout -d 'Bound on each request, e.g. 30s, 2m; 0 for none' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and not __fish_seen_subcommand_from create get list ls delete" -s q -l quiet -d 'Print only data and errors: no status lines, no progress'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and not __fish_seen_subcommand_from create get list ls delete" -s v -l verbose -d 'Log each request (method, URL, status, duration) to stderr, credentials masked'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and not __fish_seen_subcommand_from create get list ls delete" -l insecure -d 'Skip TLS certificate verification (insecure; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and not __fish_seen_subcommand_from create get list ls delete" -l insecure-http -d 'Send the access key over plain http to a host that is not loopback (insecure: anyone on the path can read the key; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and not __fish_seen_subcommand_from create get list ls delete" -s h -l help -d 'Print help'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and not __fish_seen_subcommand_from create get list ls delete" -s V -l version -d 'Print version'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and not __fish_seen_subcommand_from create get list ls delete" -f -a "create" -d 'Create an access key (type User), scoped and expiring, and print the key once'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and not __fish_seen_subcommand_from create get list ls delete" -f -a "get" -d 'Show your access keys (never the key itself)'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and not __fish_seen_subcommand_from create get list ls delete" -f -a "list" -d 'List your access keys: NAME, DISPLAY NAME, USER, TYPE, SCOPE, EXPIRES, LAST ACTIVITY, AGE'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and not __fish_seen_subcommand_from create get list ls delete" -f -a "ls" -d 'List your access keys: NAME, DISPLAY NAME, USER, TYPE, SCOPE, EXPIRES, LAST ACTIVITY, AGE'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and not __fish_seen_subcommand_from create get list ls delete" -f -a "delete" -d 'Delete access keys (asks first on a terminal; needs --yes in scripts)'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from create" -l ttl -d 'Lifetime: 90m, 1h, 1d, 1w, 1h30m or seconds; 0 and negative values are refused [default: the server\'s]' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from create" -l project -d 'Allow this project (* for all projects); repeatable' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from create" -l space -d 'Allow this space of a project (PROJECT/* for all of them); repeatable' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from create" -l virtual-cluster -d 'Allow this virtual cluster of a project (PROJECT/* for all of them); repeatable' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from create" -l cluster -d 'Allow this cluster (* for all clusters); repeatable' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from create" -l role -d 'Grant this role: agent, loft-cli, network-peer, vcluster, runner (up to 4.10), workspace (4.3+), metrics-reader or metrics-writer (4.11); repeatable. The server\'s schema says which it accepts' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from create" -l user -d 'The user the key belongs to [default: you]' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from create" -l display-name -d 'The name shown in the UI' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from create" -l description -d 'What the key is for' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from create" -s f -l filename -d 'Read the OwnedAccessKey from this manifest (YAML or JSON; - for stdin)' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from create" -s o -l output -d 'Output: key (the bare key), json or yaml (the returned object)' -r -f -a "key\t'The key and a newline, nothing else'
json\t'The whole returned object as JSON (it holds the key)'
yaml\t'The whole returned object as YAML (it holds the key)'"
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from create" -l dry-run -d 'none: create; client: send nothing; server: the server checks and creates nothing' -r -f -a "none\t'Really do it'
client\t'Send no write: validate and print what would be done'
server\t'Send the writes with dryRun=All: the server checks them and persists nothing'"
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from create" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from create" -l server -d 'Loft URL (the /kubernetes/management suffix is added when missing)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from create" -l access-key -d 'Access key sent as a Bearer token (never printed)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from create" -l certificate-authority -d 'PEM file of the certificate authority that signed the server\'s certificate' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from create" -l config -d 'The loft CLI\'s config file [default: ~/.loft/config.json]' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from create" -l kubeconfig -d 'Use this kubeconfig file (selects the kubeconfig source)' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from create" -l context -d 'Use this kubeconfig context (selects the kubeconfig source)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from create" -l request-timeout -d 'Bound on each request, e.g. 30s, 2m; 0 for none' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print only data and errors: no status lines, no progress'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from create" -s v -l verbose -d 'Log each request (method, URL, status, duration) to stderr, credentials masked'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from create" -l insecure -d 'Skip TLS certificate verification (insecure; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from create" -l insecure-http -d 'Send the access key over plain http to a host that is not loopback (insecure: anyone on the path can read the key; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from get" -s o -l output -d 'Output format: table, wide, yaml, json, name or jsonpath=TEMPLATE' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from get" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from get" -l server -d 'Loft URL (the /kubernetes/management suffix is added when missing)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from get" -l access-key -d 'Access key sent as a Bearer token (never printed)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from get" -l certificate-authority -d 'PEM file of the certificate authority that signed the server\'s certificate' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from get" -l config -d 'The loft CLI\'s config file [default: ~/.loft/config.json]' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from get" -l kubeconfig -d 'Use this kubeconfig file (selects the kubeconfig source)' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from get" -l context -d 'Use this kubeconfig context (selects the kubeconfig source)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from get" -l request-timeout -d 'Bound on each request, e.g. 30s, 2m; 0 for none' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from get" -l no-headers -d 'Leave out the table header'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from get" -l show-managed-fields -d 'Keep metadata.managedFields in yaml/json output'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from get" -s q -l quiet -d 'Print only data and errors: no status lines, no progress'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from get" -s v -l verbose -d 'Log each request (method, URL, status, duration) to stderr, credentials masked'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from get" -l insecure -d 'Skip TLS certificate verification (insecure; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from get" -l insecure-http -d 'Send the access key over plain http to a host that is not loopback (insecure: anyone on the path can read the key; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: table, wide, yaml, json, name or jsonpath=TEMPLATE' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from list" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from list" -l server -d 'Loft URL (the /kubernetes/management suffix is added when missing)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from list" -l access-key -d 'Access key sent as a Bearer token (never printed)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from list" -l certificate-authority -d 'PEM file of the certificate authority that signed the server\'s certificate' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from list" -l config -d 'The loft CLI\'s config file [default: ~/.loft/config.json]' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from list" -l kubeconfig -d 'Use this kubeconfig file (selects the kubeconfig source)' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from list" -l context -d 'Use this kubeconfig context (selects the kubeconfig source)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from list" -l request-timeout -d 'Bound on each request, e.g. 30s, 2m; 0 for none' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from list" -l no-headers -d 'Leave out the table header'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from list" -l show-managed-fields -d 'Keep metadata.managedFields in yaml/json output'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors: no status lines, no progress'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Log each request (method, URL, status, duration) to stderr, credentials masked'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from list" -l insecure -d 'Skip TLS certificate verification (insecure; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from list" -l insecure-http -d 'Send the access key over plain http to a host that is not loopback (insecure: anyone on the path can read the key; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from ls" -s o -l output -d 'Output format: table, wide, yaml, json, name or jsonpath=TEMPLATE' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from ls" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from ls" -l server -d 'Loft URL (the /kubernetes/management suffix is added when missing)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from ls" -l access-key -d 'Access key sent as a Bearer token (never printed)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from ls" -l certificate-authority -d 'PEM file of the certificate authority that signed the server\'s certificate' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from ls" -l config -d 'The loft CLI\'s config file [default: ~/.loft/config.json]' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from ls" -l kubeconfig -d 'Use this kubeconfig file (selects the kubeconfig source)' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from ls" -l context -d 'Use this kubeconfig context (selects the kubeconfig source)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from ls" -l request-timeout -d 'Bound on each request, e.g. 30s, 2m; 0 for none' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from ls" -l no-headers -d 'Leave out the table header'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from ls" -l show-managed-fields -d 'Keep metadata.managedFields in yaml/json output'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only data and errors: no status lines, no progress'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Log each request (method, URL, status, duration) to stderr, credentials masked'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from ls" -l insecure -d 'Skip TLS certificate verification (insecure; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from ls" -l insecure-http -d 'Send the access key over plain http to a host that is not loopback (insecure: anyone on the path can read the key; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from delete" -l dry-run -d 'none: delete; client: send no delete; server: the server checks and deletes nothing' -r -f -a "none\t'Really do it'
client\t'Send no write: validate and print what would be done'
server\t'Send the writes with dryRun=All: the server checks them and persists nothing'"
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from delete" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from delete" -l server -d 'Loft URL (the /kubernetes/management suffix is added when missing)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from delete" -l access-key -d 'Access key sent as a Bearer token (never printed)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from delete" -l certificate-authority -d 'PEM file of the certificate authority that signed the server\'s certificate' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from delete" -l config -d 'The loft CLI\'s config file [default: ~/.loft/config.json]' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from delete" -l kubeconfig -d 'Use this kubeconfig file (selects the kubeconfig source)' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from delete" -l context -d 'Use this kubeconfig context (selects the kubeconfig source)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from delete" -l request-timeout -d 'Bound on each request, e.g. 30s, 2m; 0 for none' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from delete" -l ignore-not-found -d 'A key that does not exist is not an error'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print only data and errors: no status lines, no progress'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'Log each request (method, URL, status, duration) to stderr, credentials masked'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from delete" -l insecure -d 'Skip TLS certificate verification (insecure; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from delete" -l insecure-http -d 'Send the access key over plain http to a host that is not loopback (insecure: anyone on the path can read the key; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c loftctl -n "__fish_loftctl_using_subcommand accesskey; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c loftctl -n "__fish_loftctl_using_subcommand validate" -s o -l output -d 'Output format of the diagnostics: text (FILE:LINE:COLUMN: …) or json (an array)' -r -f -a "text\t''
json\t''"
complete -c loftctl -n "__fish_loftctl_using_subcommand validate" -l api-version -d 'The Loft API version to check against: 3.4, 4.1, 4.3, 4.10 or 4.11' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand validate" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c loftctl -n "__fish_loftctl_using_subcommand validate" -l server -d 'Loft URL (the /kubernetes/management suffix is added when missing)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand validate" -l access-key -d 'Access key sent as a Bearer token (never printed)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand validate" -l certificate-authority -d 'PEM file of the certificate authority that signed the server\'s certificate' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand validate" -l config -d 'The loft CLI\'s config file [default: ~/.loft/config.json]' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand validate" -l kubeconfig -d 'Use this kubeconfig file (selects the kubeconfig source)' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand validate" -l context -d 'Use this kubeconfig context (selects the kubeconfig source)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand validate" -l request-timeout -d 'Bound on each request, e.g. 30s, 2m; 0 for none' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand validate" -l strict -d 'Treat warnings as errors'
complete -c loftctl -n "__fish_loftctl_using_subcommand validate" -s q -l quiet -d 'Print only data and errors: no status lines, no progress'
complete -c loftctl -n "__fish_loftctl_using_subcommand validate" -s v -l verbose -d 'Log each request (method, URL, status, duration) to stderr, credentials masked'
complete -c loftctl -n "__fish_loftctl_using_subcommand validate" -l insecure -d 'Skip TLS certificate verification (insecure; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand validate" -l insecure-http -d 'Send the access key over plain http to a host that is not loopback (insecure: anyone on the path can read the key; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand validate" -s h -l help -d 'Print help'
complete -c loftctl -n "__fish_loftctl_using_subcommand validate" -s V -l version -d 'Print version'
complete -c loftctl -n "__fish_loftctl_using_subcommand explain" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c loftctl -n "__fish_loftctl_using_subcommand explain" -l server -d 'Loft URL (the /kubernetes/management suffix is added when missing)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand explain" -l access-key -d 'Access key sent as a Bearer token (never printed)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand explain" -l certificate-authority -d 'PEM file of the certificate authority that signed the server\'s certificate' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand explain" -l config -d 'The loft CLI\'s config file [default: ~/.loft/config.json]' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand explain" -l kubeconfig -d 'Use this kubeconfig file (selects the kubeconfig source)' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand explain" -l context -d 'Use this kubeconfig context (selects the kubeconfig source)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand explain" -l request-timeout -d 'Bound on each request, e.g. 30s, 2m; 0 for none' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand explain" -l recursive -d 'Show every field below, as a tree, without descriptions'
complete -c loftctl -n "__fish_loftctl_using_subcommand explain" -s q -l quiet -d 'Print only data and errors: no status lines, no progress'
complete -c loftctl -n "__fish_loftctl_using_subcommand explain" -s v -l verbose -d 'Log each request (method, URL, status, duration) to stderr, credentials masked'
complete -c loftctl -n "__fish_loftctl_using_subcommand explain" -l insecure -d 'Skip TLS certificate verification (insecure; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand explain" -l insecure-http -d 'Send the access key over plain http to a host that is not loopback (insecure: anyone on the path can read the key; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand explain" -s h -l help -d 'Print help'
complete -c loftctl -n "__fish_loftctl_using_subcommand explain" -s V -l version -d 'Print version'
complete -c loftctl -n "__fish_loftctl_using_subcommand dev-server" -l listen -d 'Address to listen on (port 0 picks a free port)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand dev-server" -l readonly-access-key -d 'A read-only access key (user "viewer": get, list and watch; 403 on writes)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand dev-server" -l state -d 'Persist every change to FILE (atomically, before answering); reloaded at start' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand dev-server" -l signing-key -d 'RSA private key (PEM, PKCS#8 or PKCS#1) that signs tokens [default: generated]' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand dev-server" -l fault-rate -d 'Fraction (0-1) of API requests that fail with a 500, a 503, a dropped connection, or an answer lost after the request was handled' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand dev-server" -l latency -d 'Delay every answer by this much, e.g. 100ms, 2s' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand dev-server" -l write-kubeconfig -d 'Write a kubeconfig for kubectl to FILE (https on the same port, the server\'s certificate as its CA, the admin key; mode 0600)' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand dev-server" -l bookmark-interval -d 'How often a watch that allows bookmarks gets a BOOKMARK event' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand dev-server" -l watch-history -d 'Events kept for resuming watches and paging consistently (older resourceVersions get 410)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand dev-server" -l max-connections -d 'Open connections at most; at the cap the longest-idle one is closed to make room, and new ones are refused only while all are busy [default: 512, or fewer if the open-files limit is lower]' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand dev-server" -l header-timeout -d 'Time a client has to complete the TLS handshake and send a request\'s headers, and the longest a kept-alive connection may wait idle for its next request' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand dev-server" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c loftctl -n "__fish_loftctl_using_subcommand dev-server" -l server -d 'Loft URL (the /kubernetes/management suffix is added when missing)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand dev-server" -l access-key -d 'Access key sent as a Bearer token (never printed)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand dev-server" -l certificate-authority -d 'PEM file of the certificate authority that signed the server\'s certificate' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand dev-server" -l config -d 'The loft CLI\'s config file [default: ~/.loft/config.json]' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand dev-server" -l kubeconfig -d 'Use this kubeconfig file (selects the kubeconfig source)' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand dev-server" -l context -d 'Use this kubeconfig context (selects the kubeconfig source)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand dev-server" -l request-timeout -d 'Bound on each request, e.g. 30s, 2m; 0 for none' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand dev-server" -s q -l quiet -d 'Print only data and errors: no status lines, no progress'
complete -c loftctl -n "__fish_loftctl_using_subcommand dev-server" -s v -l verbose -d 'Log each request (method, URL, status, duration) to stderr, credentials masked'
complete -c loftctl -n "__fish_loftctl_using_subcommand dev-server" -l insecure -d 'Skip TLS certificate verification (insecure; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand dev-server" -l insecure-http -d 'Send the access key over plain http to a host that is not loopback (insecure: anyone on the path can read the key; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand dev-server" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c loftctl -n "__fish_loftctl_using_subcommand dev-server" -s V -l version -d 'Print version'
complete -c loftctl -n "__fish_loftctl_using_subcommand completion" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c loftctl -n "__fish_loftctl_using_subcommand completion" -l server -d 'Loft URL (the /kubernetes/management suffix is added when missing)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand completion" -l access-key -d 'Access key sent as a Bearer token (never printed)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand completion" -l certificate-authority -d 'PEM file of the certificate authority that signed the server\'s certificate' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand completion" -l config -d 'The loft CLI\'s config file [default: ~/.loft/config.json]' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand completion" -l kubeconfig -d 'Use this kubeconfig file (selects the kubeconfig source)' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand completion" -l context -d 'Use this kubeconfig context (selects the kubeconfig source)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand completion" -l request-timeout -d 'Bound on each request, e.g. 30s, 2m; 0 for none' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand completion" -s q -l quiet -d 'Print only data and errors: no status lines, no progress'
complete -c loftctl -n "__fish_loftctl_using_subcommand completion" -s v -l verbose -d 'Log each request (method, URL, status, duration) to stderr, credentials masked'
complete -c loftctl -n "__fish_loftctl_using_subcommand completion" -l insecure -d 'Skip TLS certificate verification (insecure; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand completion" -l insecure-http -d 'Send the access key over plain http to a host that is not loopback (insecure: anyone on the path can read the key; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand completion" -s h -l help -d 'Print help'
complete -c loftctl -n "__fish_loftctl_using_subcommand completion" -s V -l version -d 'Print version'
complete -c loftctl -n "__fish_loftctl_using_subcommand version" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c loftctl -n "__fish_loftctl_using_subcommand version" -l server -d 'Loft URL (the /kubernetes/management suffix is added when missing)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand version" -l access-key -d 'Access key sent as a Bearer token (never printed)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand version" -l certificate-authority -d 'PEM file of the certificate authority that signed the server\'s certificate' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand version" -l config -d 'The loft CLI\'s config file [default: ~/.loft/config.json]' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand version" -l kubeconfig -d 'Use this kubeconfig file (selects the kubeconfig source)' -r -F
complete -c loftctl -n "__fish_loftctl_using_subcommand version" -l context -d 'Use this kubeconfig context (selects the kubeconfig source)' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand version" -l request-timeout -d 'Bound on each request, e.g. 30s, 2m; 0 for none' -r
complete -c loftctl -n "__fish_loftctl_using_subcommand version" -s q -l quiet -d 'Print only data and errors: no status lines, no progress'
complete -c loftctl -n "__fish_loftctl_using_subcommand version" -s v -l verbose -d 'Log each request (method, URL, status, duration) to stderr, credentials masked'
complete -c loftctl -n "__fish_loftctl_using_subcommand version" -l insecure -d 'Skip TLS certificate verification (insecure; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand version" -l insecure-http -d 'Send the access key over plain http to a host that is not loopback (insecure: anyone on the path can read the key; warns on stderr)'
complete -c loftctl -n "__fish_loftctl_using_subcommand version" -s h -l help -d 'Print help'
complete -c loftctl -n "__fish_loftctl_using_subcommand version" -s V -l version -d 'Print version'
