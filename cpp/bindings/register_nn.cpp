#include "prelude.hpp"

#include "lowdim/nn.hpp"

#include <string>

namespace lowdim::py_bind {

namespace {

using nn::Model;

const char* activation_name(nn::Activation a) {
    switch (a) {
    case nn::Activation::Identity:
        return "identity";
    case nn::Activation::Tanh:
        return "tanh";
    case nn::Activation::Relu:
        return "relu";
    case nn::Activation::Sigmoid:
        return "sigmoid";
    }
    return "?";
}

nn::ModelSpec parse_spec(const py::dict& d) {
    nn::ModelSpec s;
    s.variational = d["variational"].cast<bool>();
    s.n_features = d["n_features"].cast<Index>();
    s.n_components = d["n_components"].cast<Index>();
    s.hidden = d["hidden"].cast<std::vector<Index>>();
    s.activation = nn::parse_activation(d["activation"].cast<std::string>());
    s.output_activation =
        nn::parse_activation(d["output_activation"].cast<std::string>());
    const auto rec = d["reconstruction"].cast<std::string>();
    if (rec == "squared_error")
        s.reconstruction = nn::Reconstruction::SquaredError;
    else if (rec == "cross_entropy")
        s.reconstruction = nn::Reconstruction::CrossEntropy;
    else
        throw InvalidArgument("unknown reconstruction '" + rec +
                              "'; use squared_error or cross_entropy");
    s.beta = d["beta"].cast<double>();
    return s;
}

nn::TrainConfig parse_config(const py::dict& d) {
    nn::TrainConfig c;
    c.optimizer = nn::parse_optimizer(d["optimizer"].cast<std::string>());
    c.learning_rate = d["learning_rate"].cast<double>();
    c.momentum = d["momentum"].cast<double>();
    c.batch_size = d["batch_size"].cast<Index>();
    c.max_epochs = d["max_epochs"].cast<Index>();
    c.n_iter_no_change = d["n_iter_no_change"].cast<Index>();
    c.tol = d["tol"].cast<double>();
    c.clip_grad_norm = d["clip_grad_norm"].cast<double>();
    c.eval_seed = d["eval_seed"].cast<std::uint64_t>();
    if (d.contains("beta1"))
        c.beta1 = d["beta1"].cast<double>();
    if (d.contains("beta2"))
        c.beta2 = d["beta2"].cast<double>();
    if (d.contains("epsilon"))
        c.epsilon = d["epsilon"].cast<double>();
    return c;
}

py::dict losses_dict(const nn::Losses& l) {
    py::dict d;
    d["loss"] = l.total;
    d["reconstruction"] = l.reconstruction;
    d["kl"] = l.kl;
    return d;
}

template <typename T>
CArray<T> vector_array(const Vector<T>& v) {
    return to_array<T>(v);
}

template <typename T>
Vector<T> array_vector(const CArray<T>& a, Index expected, const char* what) {
    if (a.ndim() != 1 || a.shape(0) != expected)
        throw InvalidArgument(std::string(what) + ": expected a 1-D array of length " +
                              std::to_string(expected));
    return Eigen::Map<const Vector<T>>(a.data(), expected);
}

template <typename T>
const T* noise_ptr(const std::optional<CArray<T>>& eps, Index rows, Index k) {
    if (!eps)
        return nullptr;
    if (eps->ndim() != 2 || eps->shape(0) != rows || eps->shape(1) != k)
        throw InvalidArgument("eps must have shape (n_samples, n_components)");
    return eps->data();
}

template <typename T>
py::dict get_state(Model<T>& m) {
    const auto& s = m.state();
    py::dict d;
    d["rng_state"] = s.rng_state;
    d["epoch"] = s.epoch;
    d["step"] = s.step;
    d["best_loss"] = s.best_loss;
    d["no_improve"] = s.no_improve;
    d["converged"] = s.converged;
    d["moment1"] = vector_array<T>(s.moment1);
    d["moment2"] = vector_array<T>(s.moment2);
    d["loss"] = s.loss;
    d["reconstruction"] = s.reconstruction;
    d["kl"] = s.kl;
    d["val_loss"] = s.val_loss;
    d["val_reconstruction"] = s.val_reconstruction;
    d["val_kl"] = s.val_kl;
    return d;
}

template <typename T>
void set_state(Model<T>& m, const py::dict& d) {
    auto& s = m.state();
    s.rng_state = d["rng_state"].cast<std::uint64_t>();
    s.epoch = d["epoch"].cast<std::int64_t>();
    s.step = d["step"].cast<std::int64_t>();
    s.best_loss = d["best_loss"].cast<double>();
    s.no_improve = d["no_improve"].cast<std::int64_t>();
    s.converged = d["converged"].cast<bool>();
    auto moment = [&](const char* key) {
        const auto a = d[key].cast<CArray<T>>();
        if (a.size() == 0)
            return Vector<T>();
        return array_vector<T>(a, m.n_params(), key);
    };
    s.moment1 = moment("moment1");
    s.moment2 = moment("moment2");
    s.loss = d["loss"].cast<std::vector<double>>();
    s.reconstruction = d["reconstruction"].cast<std::vector<double>>();
    s.kl = d["kl"].cast<std::vector<double>>();
    s.val_loss = d["val_loss"].cast<std::vector<double>>();
    s.val_reconstruction = d["val_reconstruction"].cast<std::vector<double>>();
    s.val_kl = d["val_kl"].cast<std::vector<double>>();
}

// Trains with the GIL released. Ctrl-C is seen by the cancel hook, which keeps the
// Python exception and lets the core finish its batch; the caller gets it back
// with the status "interrupted" and decides what to do with a usable model. An
// exception from the epoch callback propagates as it is.
template <typename T>
py::tuple fit_py(Model<T>& m, const CArray<T>& X, const CArray<T>& Xval,
                 const py::dict& cfg, const py::object& callback) {
    const auto Xm = as_matrix<T>(X);
    const auto Vm = as_matrix<T>(Xval);
    const nn::TrainConfig c = parse_config(cfg);
    std::optional<py::error_already_set> signal_error;
    CancelToken token([&signal_error] {
        py::gil_scoped_acquire gil;
        if (PyErr_CheckSignals() == 0)
            return false;
        signal_error.emplace();
        return true;
    });
    nn::EpochCallback cb;
    if (!callback.is_none())
        cb = [&callback, &signal_error](const nn::EpochReport& r) {
            py::gil_scoped_acquire gil;
            // A Ctrl-C pending since the last poll would otherwise surface inside the
            // callback, as its exception, instead of as an orderly stop.
            if (PyErr_CheckSignals() != 0) {
                signal_error.emplace();
                return true;
            }
            py::dict d;
            d["epoch"] = r.epoch;
            d["train"] = losses_dict(r.train);
            d["validation"] = r.has_validation ? py::object(losses_dict(r.validation))
                                               : py::object(py::none());
            d["grad_norm"] = r.grad_norm;
            const py::object stop = callback(d);
            return PyObject_IsTrue(stop.ptr()) == 1;
        };
    nn::TrainStatus status;
    {
        // Only the callback and the cancel hook touch Python, each under the GIL.
        py::gil_scoped_release release;
        status = m.fit(Xm, Vm, c, cb, token);
    }
    const char* names[] = {"max_epochs", "converged", "stopped", "interrupted"};
    py::object err = py::none();
    if (signal_error) {
        err = signal_error->value();
        status = nn::TrainStatus::Interrupted;
    }
    return py::make_tuple(names[static_cast<int>(status)], err);
}

template <typename T>
void register_model(py::module_& m, const char* name) {
    py::class_<Model<T>>(m, name)
        .def(py::init([](const py::dict& spec, std::uint64_t seed, int n_threads) {
                 return new Model<T>(parse_spec(spec), seed, n_threads);
             }),
             py::arg("spec"), py::arg("seed"), py::arg("n_threads"))
        .def_property_readonly("n_params", &Model<T>::n_params)
        .def("layers",
             [](const Model<T>& self) {
                 py::list out;
                 for (const auto& L : self.layers())
                     out.append(py::make_tuple(L.n_in, L.n_out,
                                               activation_name(L.activation),
                                               L.weight_offset, L.bias_offset));
                 return out;
             })
        .def("get_params",
             [](const Model<T>& self) { return vector_array<T>(self.params()); })
        .def("set_params",
             [](Model<T>& self, const CArray<T>& p) {
                 self.params() = array_vector<T>(p, self.n_params(), "params");
             })
        .def("set_threads", &Model<T>::set_threads)
        .def("get_state", &get_state<T>)
        .def("set_state", &set_state<T>)
        .def("fit", &fit_py<T>, py::arg("X"), py::arg("Xval"), py::arg("config"),
             py::arg("callback"))
        .def(
            "step",
            [](Model<T>& self, const CArray<T>& X, const py::dict& cfg,
               const std::optional<CArray<T>>& eps) {
                const auto Xm = as_matrix<T>(X);
                const T* e = noise_ptr<T>(eps, Xm.rows(), self.spec().n_components);
                const nn::TrainConfig c = parse_config(cfg);
                nn::Losses l;
                without_gil([&](CancelToken&) { l = self.step(Xm, c, e); });
                return losses_dict(l);
            },
            py::arg("X"), py::arg("config"), py::arg("eps") = py::none())
        .def(
            "loss_and_grad",
            [](Model<T>& self, const CArray<T>& X,
               const std::optional<CArray<T>>& eps) {
                const auto Xm = as_matrix<T>(X);
                const T* e = noise_ptr<T>(eps, Xm.rows(), self.spec().n_components);
                nn::Losses l;
                without_gil([&](CancelToken&) { l = self.loss_and_grad(Xm, e); });
                return py::make_tuple(losses_dict(l), vector_array<T>(self.grad()));
            },
            py::arg("X"), py::arg("eps") = py::none())
        .def(
            "evaluate",
            [](Model<T>& self, const CArray<T>& X, std::uint64_t seed) {
                const auto Xm = as_matrix<T>(X);
                nn::Losses l;
                without_gil([&](CancelToken&) { l = self.evaluate(Xm, seed); });
                return losses_dict(l);
            },
            py::arg("X"), py::arg("seed"))
        .def(
            "encode",
            [](Model<T>& self, const CArray<T>& X) {
                const auto Xm = as_matrix<T>(X);
                const Index k = self.spec().n_components;
                CArray<T> out = new_matrix<T>(Xm.rows(), k);
                CArray<T> log_var = new_matrix<T>(Xm.rows(), k);
                auto om = as_mutable_matrix<T>(out);
                T* lv = log_var.mutable_data();
                without_gil([&](CancelToken&) { self.encode(Xm, om, lv); });
                return py::make_tuple(out, log_var);
            },
            py::arg("X"))
        .def(
            "decode",
            [](Model<T>& self, const CArray<T>& Z) {
                const auto Zm = as_matrix<T>(Z);
                CArray<T> out = new_matrix<T>(Zm.rows(), self.spec().n_features);
                auto om = as_mutable_matrix<T>(out);
                without_gil([&](CancelToken&) { self.decode(Zm, om); });
                return out;
            },
            py::arg("Z"));
}

} // namespace

void register_nn(py::module_& m) {
    register_model<double>(m, "NnModel64");
    register_model<float>(m, "NnModel32");
    m.attr("NN_LOG_VAR_BOUND") = nn::kLogVarBound;
}

} // namespace lowdim::py_bind
