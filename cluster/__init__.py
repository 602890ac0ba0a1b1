"""The dashboard as a cluster of Streamlit replicas on one machine, and a client that talks to it as browsers do:
`make serve` runs it, the tests and benchmarks start it and speak to it.

    replicas.py    N replicas behind nginx: Cluster, free_port, wait_healthy, replica_command
    nginx.py       nginx's config and Streamlit's static files served from disk
    client.py      a Streamlit session over the server's websocket, without a browser (needs `websockets`, dev only)
    processes.py   RSS, CPU time and children of processes, from /proc
    postgres.py    a throwaway PostgreSQL server from Debian's binaries (tests, bench/class_load.py)
"""
