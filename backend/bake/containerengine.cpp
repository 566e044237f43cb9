#include "containerengine.h"
