# Writes Fashion-MNIST's 60,000 training images as 28x28 gray PNGs under pool/NN/NNNNN.png
# (60 folders of 1,000), without PIL: the pool of the issue-10 folder benchmark (docs/benchmarks.md).
import gzip, struct, zlib, os, sys
data = gzip.open('/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz').read()
n, h, w = struct.unpack('>III', data[4:16])
px = data[16:]
def chunk(t, d):
    c = struct.pack('>I', len(d)) + t + d
    return c + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
ihdr = struct.pack('>IIBBBBB', w, h, 8, 0, 0, 0, 0)
for i in range(n):
    img = px[i*h*w:(i+1)*h*w]
    raw = b''.join(b'\x00' + img[y*w:(y+1)*w] for y in range(h))
    png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', ihdr) + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b'')
    d = 'pool/%02d' % (i // 1000)
    if i % 1000 == 0: os.makedirs(d, exist_ok=True)
    open('%s/%05d.png' % (d, i), 'wb').write(png)
print(n)
