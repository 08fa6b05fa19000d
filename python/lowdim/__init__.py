from lowdim._core import info
