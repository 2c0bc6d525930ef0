# docker-py against a container that swaps /w/d (a directory) and /w/l (a symlink to a host
# directory) without pause: copies into and out of /w/d, counting what reached the host.
import io, sys, tarfile, docker

host, name, rounds, marker = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
c = docker.APIClient(base_url=host, version='1.41', timeout=60)

def tar(*entries):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode='w') as t:
        for n, data in entries:
            info = tarfile.TarInfo(n)
            if data is None:
                info.type = tarfile.DIRTYPE
                info.mode = 0o755
                t.addfile(info)
            else:
                info.size = len(data)
                t.addfile(info, io.BytesIO(data))
    return buf.getvalue()

put = got = leaked = 0
errors = {}

def failed(e):
    code = e.response.status_code if e.response is not None else 0
    errors[code] = errors.get(code, 0) + 1

for i in range(rounds):
    entries = [('pwned-%d' % i, b'x')]
    entries += [('x', b'file')] if i % 2 else [('x', None), ('x/keep', b'k')]
    try:
        if c.put_archive(name, '/w/d', tar(*entries)):
            put += 1
    except docker.errors.NotFound:
        pass  # /w/d was the symlink, resolved inside the container: no such directory
    except docker.errors.APIError as e:
        failed(e)  # a race may fail a copy; what matters is where it wrote
    try:
        stream, _ = c.get_archive(name, '/w/d/secret')
        data = b''.join(stream)
        got += 1
        if marker.encode() in data:
            leaked += 1
    except docker.errors.NotFound:
        pass
    except docker.errors.APIError as e:
        failed(e)
print(put, got, leaked, ','.join('%d:%d' % kv for kv in sorted(errors.items())) or 'none')
