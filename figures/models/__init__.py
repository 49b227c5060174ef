"""The networks and how they are trained: the MLP and its stacked form for seed sweeps (nets),
the training loop and its CPU and CUDA fast paths (train, fasttrain, jittrain, cudatrain, tritonmlp), the
from-scratch NumPy MLP (numpy_mlp) and the perceptron (perceptron)."""
