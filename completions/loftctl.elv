
use builtin;
use str;

set edit:completion:arg-completer[loftctl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'loftctl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'loftctl'= {
            cand --color 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --server 'Loft URL (the /kubernetes/management suffix is added when missing)'
            cand --access-key 'Access key sent as a Bearer token (never printed)'
            cand --certificate-authority 'PEM file of the certificate authority that signed the server''s certificate'
            cand --config 'The loft CLI''s config file [default: ~/.loft/config.json]'
            cand --kubeconfig 'Use this kubeconfig file (selects the kubeconfig source)'
            cand --context 'Use this kubeconfig context (selects the kubeconfig source)'
            cand --request-timeout 'Bound on each request, e.g. 30s, 2m; 0 for none'
            cand -q 'Print only data and errors: no status lines, no progress'
            cand --quiet 'Print only data and errors: no status lines, no progress'
            cand -v 'Log each request (method, URL, status, duration) to stderr, credentials masked'
            cand --verbose 'Log each request (method, URL, status, duration) to stderr, credentials masked'
            cand --insecure 'Skip TLS certificate verification (insecure; warns on stderr)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand login 'Log in to a Loft server with an access key'
            cand logout 'Forget the access key saved by `loftctl login`'
            cand whoami 'Show who the access key belongs to'
            cand completion 'Print a shell completion script'
            cand version 'Print loftctl''s version'
        }
        &'loftctl;login'= {
            cand --color 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --server 'Loft URL (the /kubernetes/management suffix is added when missing)'
            cand --access-key 'Access key sent as a Bearer token (never printed)'
            cand --certificate-authority 'PEM file of the certificate authority that signed the server''s certificate'
            cand --config 'The loft CLI''s config file [default: ~/.loft/config.json]'
            cand --kubeconfig 'Use this kubeconfig file (selects the kubeconfig source)'
            cand --context 'Use this kubeconfig context (selects the kubeconfig source)'
            cand --request-timeout 'Bound on each request, e.g. 30s, 2m; 0 for none'
            cand --access-key-stdin 'Read the access key from stdin (for scripts)'
            cand -q 'Print only data and errors: no status lines, no progress'
            cand --quiet 'Print only data and errors: no status lines, no progress'
            cand -v 'Log each request (method, URL, status, duration) to stderr, credentials masked'
            cand --verbose 'Log each request (method, URL, status, duration) to stderr, credentials masked'
            cand --insecure 'Skip TLS certificate verification (insecure; warns on stderr)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'loftctl;logout'= {
            cand --color 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --server 'Loft URL (the /kubernetes/management suffix is added when missing)'
            cand --access-key 'Access key sent as a Bearer token (never printed)'
            cand --certificate-authority 'PEM file of the certificate authority that signed the server''s certificate'
            cand --config 'The loft CLI''s config file [default: ~/.loft/config.json]'
            cand --kubeconfig 'Use this kubeconfig file (selects the kubeconfig source)'
            cand --context 'Use this kubeconfig context (selects the kubeconfig source)'
            cand --request-timeout 'Bound on each request, e.g. 30s, 2m; 0 for none'
            cand -q 'Print only data and errors: no status lines, no progress'
            cand --quiet 'Print only data and errors: no status lines, no progress'
            cand -v 'Log each request (method, URL, status, duration) to stderr, credentials masked'
            cand --verbose 'Log each request (method, URL, status, duration) to stderr, credentials masked'
            cand --insecure 'Skip TLS certificate verification (insecure; warns on stderr)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'loftctl;whoami'= {
            cand -o 'Output format: text (default), json, yaml or jsonpath=TEMPLATE'
            cand --output 'Output format: text (default), json, yaml or jsonpath=TEMPLATE'
            cand --color 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --server 'Loft URL (the /kubernetes/management suffix is added when missing)'
            cand --access-key 'Access key sent as a Bearer token (never printed)'
            cand --certificate-authority 'PEM file of the certificate authority that signed the server''s certificate'
            cand --config 'The loft CLI''s config file [default: ~/.loft/config.json]'
            cand --kubeconfig 'Use this kubeconfig file (selects the kubeconfig source)'
            cand --context 'Use this kubeconfig context (selects the kubeconfig source)'
            cand --request-timeout 'Bound on each request, e.g. 30s, 2m; 0 for none'
            cand -q 'Print only data and errors: no status lines, no progress'
            cand --quiet 'Print only data and errors: no status lines, no progress'
            cand -v 'Log each request (method, URL, status, duration) to stderr, credentials masked'
            cand --verbose 'Log each request (method, URL, status, duration) to stderr, credentials masked'
            cand --insecure 'Skip TLS certificate verification (insecure; warns on stderr)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'loftctl;completion'= {
            cand --color 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --server 'Loft URL (the /kubernetes/management suffix is added when missing)'
            cand --access-key 'Access key sent as a Bearer token (never printed)'
            cand --certificate-authority 'PEM file of the certificate authority that signed the server''s certificate'
            cand --config 'The loft CLI''s config file [default: ~/.loft/config.json]'
            cand --kubeconfig 'Use this kubeconfig file (selects the kubeconfig source)'
            cand --context 'Use this kubeconfig context (selects the kubeconfig source)'
            cand --request-timeout 'Bound on each request, e.g. 30s, 2m; 0 for none'
            cand -q 'Print only data and errors: no status lines, no progress'
            cand --quiet 'Print only data and errors: no status lines, no progress'
            cand -v 'Log each request (method, URL, status, duration) to stderr, credentials masked'
            cand --verbose 'Log each request (method, URL, status, duration) to stderr, credentials masked'
            cand --insecure 'Skip TLS certificate verification (insecure; warns on stderr)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'loftctl;version'= {
            cand --color 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --server 'Loft URL (the /kubernetes/management suffix is added when missing)'
            cand --access-key 'Access key sent as a Bearer token (never printed)'
            cand --certificate-authority 'PEM file of the certificate authority that signed the server''s certificate'
            cand --config 'The loft CLI''s config file [default: ~/.loft/config.json]'
            cand --kubeconfig 'Use this kubeconfig file (selects the kubeconfig source)'
            cand --context 'Use this kubeconfig context (selects the kubeconfig source)'
            cand --request-timeout 'Bound on each request, e.g. 30s, 2m; 0 for none'
            cand -q 'Print only data and errors: no status lines, no progress'
            cand --quiet 'Print only data and errors: no status lines, no progress'
            cand -v 'Log each request (method, URL, status, duration) to stderr, credentials masked'
            cand --verbose 'Log each request (method, URL, status, duration) to stderr, credentials masked'
            cand --insecure 'Skip TLS certificate verification (insecure; warns on stderr)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
    ]
    $completions[$command]
}
