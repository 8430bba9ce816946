
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'loftctl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'loftctl'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'loftctl' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Loft URL (the /kubernetes/management suffix is added when missing)')
            [CompletionResult]::new('--access-key', '--access-key', [CompletionResultType]::ParameterName, 'Access key sent as a Bearer token (never printed)')
            [CompletionResult]::new('--certificate-authority', '--certificate-authority', [CompletionResultType]::ParameterName, 'PEM file of the certificate authority that signed the server''s certificate')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The loft CLI''s config file [default: ~/.loft/config.json]')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Use this kubeconfig file (selects the kubeconfig source)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this kubeconfig context (selects the kubeconfig source)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Bound on each request, e.g. 30s, 2m; 0 for none')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request (method, URL, status, duration) to stderr, credentials masked')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request (method, URL, status, duration) to stderr, credentials masked')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification (insecure; warns on stderr)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Log in to a Loft server with an access key')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Forget the access key saved by `loftctl login`')
            [CompletionResult]::new('whoami', 'whoami', [CompletionResultType]::ParameterValue, 'Show who the access key belongs to')
            [CompletionResult]::new('completion', 'completion', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Print loftctl''s version')
            [CompletionResult]::new('user', 'user', [CompletionResultType]::ParameterValue, 'Manage Loft users')
            break
        }
        'loftctl;login' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Loft URL (the /kubernetes/management suffix is added when missing)')
            [CompletionResult]::new('--access-key', '--access-key', [CompletionResultType]::ParameterName, 'Access key sent as a Bearer token (never printed)')
            [CompletionResult]::new('--certificate-authority', '--certificate-authority', [CompletionResultType]::ParameterName, 'PEM file of the certificate authority that signed the server''s certificate')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The loft CLI''s config file [default: ~/.loft/config.json]')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Use this kubeconfig file (selects the kubeconfig source)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this kubeconfig context (selects the kubeconfig source)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Bound on each request, e.g. 30s, 2m; 0 for none')
            [CompletionResult]::new('--access-key-stdin', '--access-key-stdin', [CompletionResultType]::ParameterName, 'Read the access key from stdin (for scripts)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request (method, URL, status, duration) to stderr, credentials masked')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request (method, URL, status, duration) to stderr, credentials masked')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification (insecure; warns on stderr)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'loftctl;logout' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Loft URL (the /kubernetes/management suffix is added when missing)')
            [CompletionResult]::new('--access-key', '--access-key', [CompletionResultType]::ParameterName, 'Access key sent as a Bearer token (never printed)')
            [CompletionResult]::new('--certificate-authority', '--certificate-authority', [CompletionResultType]::ParameterName, 'PEM file of the certificate authority that signed the server''s certificate')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The loft CLI''s config file [default: ~/.loft/config.json]')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Use this kubeconfig file (selects the kubeconfig source)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this kubeconfig context (selects the kubeconfig source)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Bound on each request, e.g. 30s, 2m; 0 for none')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request (method, URL, status, duration) to stderr, credentials masked')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request (method, URL, status, duration) to stderr, credentials masked')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification (insecure; warns on stderr)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'loftctl;whoami' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: text (default), json, yaml or jsonpath=TEMPLATE')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text (default), json, yaml or jsonpath=TEMPLATE')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Loft URL (the /kubernetes/management suffix is added when missing)')
            [CompletionResult]::new('--access-key', '--access-key', [CompletionResultType]::ParameterName, 'Access key sent as a Bearer token (never printed)')
            [CompletionResult]::new('--certificate-authority', '--certificate-authority', [CompletionResultType]::ParameterName, 'PEM file of the certificate authority that signed the server''s certificate')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The loft CLI''s config file [default: ~/.loft/config.json]')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Use this kubeconfig file (selects the kubeconfig source)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this kubeconfig context (selects the kubeconfig source)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Bound on each request, e.g. 30s, 2m; 0 for none')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request (method, URL, status, duration) to stderr, credentials masked')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request (method, URL, status, duration) to stderr, credentials masked')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification (insecure; warns on stderr)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'loftctl;completion' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Loft URL (the /kubernetes/management suffix is added when missing)')
            [CompletionResult]::new('--access-key', '--access-key', [CompletionResultType]::ParameterName, 'Access key sent as a Bearer token (never printed)')
            [CompletionResult]::new('--certificate-authority', '--certificate-authority', [CompletionResultType]::ParameterName, 'PEM file of the certificate authority that signed the server''s certificate')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The loft CLI''s config file [default: ~/.loft/config.json]')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Use this kubeconfig file (selects the kubeconfig source)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this kubeconfig context (selects the kubeconfig source)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Bound on each request, e.g. 30s, 2m; 0 for none')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request (method, URL, status, duration) to stderr, credentials masked')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request (method, URL, status, duration) to stderr, credentials masked')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification (insecure; warns on stderr)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'loftctl;version' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Loft URL (the /kubernetes/management suffix is added when missing)')
            [CompletionResult]::new('--access-key', '--access-key', [CompletionResultType]::ParameterName, 'Access key sent as a Bearer token (never printed)')
            [CompletionResult]::new('--certificate-authority', '--certificate-authority', [CompletionResultType]::ParameterName, 'PEM file of the certificate authority that signed the server''s certificate')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The loft CLI''s config file [default: ~/.loft/config.json]')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Use this kubeconfig file (selects the kubeconfig source)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this kubeconfig context (selects the kubeconfig source)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Bound on each request, e.g. 30s, 2m; 0 for none')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request (method, URL, status, duration) to stderr, credentials masked')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request (method, URL, status, duration) to stderr, credentials masked')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification (insecure; warns on stderr)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'loftctl;user' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Loft URL (the /kubernetes/management suffix is added when missing)')
            [CompletionResult]::new('--access-key', '--access-key', [CompletionResultType]::ParameterName, 'Access key sent as a Bearer token (never printed)')
            [CompletionResult]::new('--certificate-authority', '--certificate-authority', [CompletionResultType]::ParameterName, 'PEM file of the certificate authority that signed the server''s certificate')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The loft CLI''s config file [default: ~/.loft/config.json]')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Use this kubeconfig file (selects the kubeconfig source)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this kubeconfig context (selects the kubeconfig source)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Bound on each request, e.g. 30s, 2m; 0 for none')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request (method, URL, status, duration) to stderr, credentials masked')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request (method, URL, status, duration) to stderr, credentials masked')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification (insecure; warns on stderr)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create users from flags or from manifests')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete users (asks first on a terminal; needs --yes in scripts)')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Disable users (spec.disabled: true): they can no longer log in')
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Enable users again (spec.disabled: false)')
            break
        }
        'loftctl;user;create' {
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'spec.email')
            [CompletionResult]::new('--display-name', '--display-name', [CompletionResultType]::ParameterName, 'spec.displayName')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'spec.username (the login name)')
            [CompletionResult]::new('--subject', '--subject', [CompletionResultType]::ParameterName, 'spec.subject (the name in Kubernetes RBAC)')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'spec.description')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Add to spec.groups (repeatable)')
            [CompletionResult]::new('--cluster-role', '--cluster-role', [CompletionResultType]::ParameterName, 'Add to spec.clusterRoles (repeatable)')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'Add a label KEY=VALUE (repeatable)')
            [CompletionResult]::new('--annotation', '--annotation', [CompletionResultType]::ParameterName, 'Add an annotation KEY=VALUE (repeatable)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'none: do it; client: send no write, print what would be done; server: let the server check everything and persist nothing (dryRun=All)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many requests run at once')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output: name (user.management.loft.sh/NAME), json or yaml (the resulting objects)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output: name (user.management.loft.sh/NAME), json or yaml (the resulting objects)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Loft URL (the /kubernetes/management suffix is added when missing)')
            [CompletionResult]::new('--access-key', '--access-key', [CompletionResultType]::ParameterName, 'Access key sent as a Bearer token (never printed)')
            [CompletionResult]::new('--certificate-authority', '--certificate-authority', [CompletionResultType]::ParameterName, 'PEM file of the certificate authority that signed the server''s certificate')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The loft CLI''s config file [default: ~/.loft/config.json]')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Use this kubeconfig file (selects the kubeconfig source)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this kubeconfig context (selects the kubeconfig source)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Bound on each request, e.g. 30s, 2m; 0 for none')
            [CompletionResult]::new('--disabled', '--disabled', [CompletionResultType]::ParameterName, 'Create the user disabled (spec.disabled: true)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request (method, URL, status, duration) to stderr, credentials masked')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request (method, URL, status, duration) to stderr, credentials masked')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification (insecure; warns on stderr)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'loftctl;user;delete' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Delete the users matching this label selector (e.g. team=old,env!=prod)')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Delete the users matching this label selector (e.g. team=old,env!=prod)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long --wait waits for each user')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'none: do it; client: send no write, print what would be done; server: let the server check everything and persist nothing (dryRun=All)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many requests run at once')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output: name (user.management.loft.sh/NAME), json or yaml (the resulting objects)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output: name (user.management.loft.sh/NAME), json or yaml (the resulting objects)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Loft URL (the /kubernetes/management suffix is added when missing)')
            [CompletionResult]::new('--access-key', '--access-key', [CompletionResultType]::ParameterName, 'Access key sent as a Bearer token (never printed)')
            [CompletionResult]::new('--certificate-authority', '--certificate-authority', [CompletionResultType]::ParameterName, 'PEM file of the certificate authority that signed the server''s certificate')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The loft CLI''s config file [default: ~/.loft/config.json]')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Use this kubeconfig file (selects the kubeconfig source)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this kubeconfig context (selects the kubeconfig source)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Bound on each request, e.g. 30s, 2m; 0 for none')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Delete every user')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--ignore-not-found', '--ignore-not-found', [CompletionResultType]::ParameterName, 'A user that does not exist is not an error')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until each user is gone')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request (method, URL, status, duration) to stderr, credentials masked')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request (method, URL, status, duration) to stderr, credentials masked')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification (insecure; warns on stderr)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'loftctl;user;disable' {
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'none: do it; client: send no write, print what would be done; server: let the server check everything and persist nothing (dryRun=All)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many requests run at once')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output: name (user.management.loft.sh/NAME), json or yaml (the resulting objects)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output: name (user.management.loft.sh/NAME), json or yaml (the resulting objects)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Loft URL (the /kubernetes/management suffix is added when missing)')
            [CompletionResult]::new('--access-key', '--access-key', [CompletionResultType]::ParameterName, 'Access key sent as a Bearer token (never printed)')
            [CompletionResult]::new('--certificate-authority', '--certificate-authority', [CompletionResultType]::ParameterName, 'PEM file of the certificate authority that signed the server''s certificate')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The loft CLI''s config file [default: ~/.loft/config.json]')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Use this kubeconfig file (selects the kubeconfig source)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this kubeconfig context (selects the kubeconfig source)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Bound on each request, e.g. 30s, 2m; 0 for none')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request (method, URL, status, duration) to stderr, credentials masked')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request (method, URL, status, duration) to stderr, credentials masked')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification (insecure; warns on stderr)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'loftctl;user;enable' {
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'none: do it; client: send no write, print what would be done; server: let the server check everything and persist nothing (dryRun=All)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many requests run at once')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output: name (user.management.loft.sh/NAME), json or yaml (the resulting objects)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output: name (user.management.loft.sh/NAME), json or yaml (the resulting objects)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Loft URL (the /kubernetes/management suffix is added when missing)')
            [CompletionResult]::new('--access-key', '--access-key', [CompletionResultType]::ParameterName, 'Access key sent as a Bearer token (never printed)')
            [CompletionResult]::new('--certificate-authority', '--certificate-authority', [CompletionResultType]::ParameterName, 'PEM file of the certificate authority that signed the server''s certificate')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The loft CLI''s config file [default: ~/.loft/config.json]')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Use this kubeconfig file (selects the kubeconfig source)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this kubeconfig context (selects the kubeconfig source)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Bound on each request, e.g. 30s, 2m; 0 for none')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request (method, URL, status, duration) to stderr, credentials masked')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request (method, URL, status, duration) to stderr, credentials masked')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification (insecure; warns on stderr)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
