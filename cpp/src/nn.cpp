// Neural-network core (dense layers, losses, optimisers, the minibatch loop): to come.
#include "lowdim/common.hpp"
