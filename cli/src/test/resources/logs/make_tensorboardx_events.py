# Writes the tensorboardX event file of cli/src/test/resources/logs/ (tensorboardX 2.6.5, protobuf):
# train/acc as simple_value scalars, val/acc as TF2-style rank-0 DT_FLOAT tensors (float_val), and a
# histogram and a loss the reader must skip.
import math, sys
from tensorboardX import SummaryWriter
from tensorboardX.proto.summary_pb2 import Summary
from tensorboardX.proto.tensor_pb2 import TensorProto
from tensorboardX.proto.tensor_shape_pb2 import TensorShapeProto
import numpy as np

w = SummaryWriter(sys.argv[1])
for s in range(80):
    a = 0.75 + 0.25 * math.erf(0.1 * (s - 15))
    v = 0.75 + 0.25 * math.erf(0.08 * (s - 45))
    w.add_scalar('train/acc', a, s)
    t = TensorProto(dtype=1, tensor_shape=TensorShapeProto(), float_val=[v])
    w._get_file_writer().add_summary(Summary(value=[Summary.Value(tag='val/acc', tensor=t)]), s)
    w.add_scalar('loss', 1 - a, s)
    if s % 20 == 0:
        w.add_histogram('weights', np.linspace(0, 1, 10) * a, s)
w.close()
